// The ledger pages without inline scripts (the Content-Security-Policy forbids them).
//  - Reveal: htmx posts the reason and swaps the full number in place of the form; a refusal (400: no
//    reason; 429: too many reveals) is swapped in too, with its message. The CSRF token goes as a header.
//  - Import: the upload is sent in the background so the page can show its progress — first the upload,
//    then the rows read, polled every second from /ledger-jobs/{id}; the answer (the same page with the
//    result) replaces the result section. Without JavaScript the form posts as usual.
//  - Listing: an ID number typed into the keyword filter is sent by the ID search form (a POST), never
//    in the URL.
(function () {
  'use strict';

  function csrf() {
    var field = document.querySelector('input[data-csrf-header]');
    return field ? {header: field.getAttribute('data-csrf-header'), token: field.value} : null;
  }

  document.addEventListener('htmx:configRequest', function (event) {
    var token = csrf();
    if (token) event.detail.headers[token.header] = token.token;
  });

  document.addEventListener('htmx:beforeSwap', function (event) {
    var xhr = event.detail.xhr;
    var path = '';
    try {
      path = new URL(xhr.responseURL).pathname;
    } catch (e) {
      path = '';
    }
    if (path === '/login' || path.indexOf('/login/') === 0) {
      event.detail.shouldSwap = false;
      window.location.assign(xhr.responseURL);
      return;
    }
    var isReveal = typeof xhr.responseText === 'string' && xhr.responseText.indexOf('data-reveal-form') >= 0;
    if ((xhr.status === 400 || xhr.status === 429) && isReveal) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    if (xhr.status >= 400) {
      event.detail.shouldSwap = false;
      var target = event.detail.target;
      var note = target && target.querySelector ? target.querySelector('[data-reveal-error]') : null;
      if (!note && target) {
        note = document.createElement('div');
        note.className = 'w-100 small text-danger';
        note.setAttribute('data-reveal-error', '');
        target.appendChild(note);
      }
      if (note) {
        note.textContent = xhr.status === 403 ? '没有查看完整个人信息的权限'
          : xhr.status === 404 ? '记录不存在或无权查看' : '操作未完成（' + xhr.status + '），请刷新页面后重试';
      }
    }
  });

  // ---- import with progress ---------------------------------------------------------------------

  function setProgress(box, percent, text) {
    var bar = box.querySelector('[data-progress-bar]');
    var holder = box.querySelector('.progress');
    var label = box.querySelector('[data-progress-text]');
    if (percent === null) {
      bar.style.width = '100%';
      holder.setAttribute('aria-valuenow', '');
    } else {
      bar.style.width = percent + '%';
      holder.setAttribute('aria-valuenow', String(percent));
    }
    label.textContent = text;
  }

  function poll(form, box, jobId, state) {
    if (state.done) return;
    var base = form.getAttribute('data-job-url') || '/ledger-jobs/';
    var request = new XMLHttpRequest();
    request.open('GET', base + encodeURIComponent(jobId));
    request.setRequestHeader('Accept', 'application/json');
    request.onload = function () {
      if (state.done) return;
      if (request.status === 200) {
        try {
          var job = JSON.parse(request.responseText);
          if (job.status === 'RUNNING') {
            var read = job.rowsRead || 0;
            if (job.rowsExpected) {
              setProgress(box, Math.max(0, Math.min(99, job.percent)), '正在检查和导入：已读取 ' + read + ' / ' + job.rowsExpected + ' 行');
            } else {
              setProgress(box, null, '正在检查和导入：已读取 ' + read + ' 行');
            }
          } else if (job.status === 'FAILED' && job.message) {
            setProgress(box, 100, job.message);
          } else {
            setProgress(box, 100, '正在整理导入结果…');
          }
        } catch (e) {
          // not JSON: ignore this answer, the next poll may do better
        }
      }
      state.timer = window.setTimeout(function () { poll(form, box, jobId, state); }, 1000);
    };
    request.onerror = function () {
      state.timer = window.setTimeout(function () { poll(form, box, jobId, state); }, 1000);
    };
    request.send();
  }

  function replaceResult(html, form) {
    var page = new DOMParser().parseFromString(html, 'text/html');
    var fresh = page.querySelector('[data-import-result]');
    var current = document.querySelector('[data-import-result]');
    if (!fresh || !current) return false;
    current.replaceWith(document.importNode(fresh, true));
    var nextJob = page.querySelector('[data-job-id]');
    var jobField = form.querySelector('[data-job-id]');
    if (nextJob && jobField) jobField.value = nextJob.value;
    var shown = document.querySelector('[data-import-result]');
    if (shown && shown.scrollIntoView) shown.scrollIntoView({block: 'start', behavior: 'instant'});
    return true;
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-import-form]')) return;
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) return; // the plain post
    var file = form.querySelector('[data-import-file]');
    if (!file || !file.files || file.files.length === 0) return; // let the browser say the file is missing
    event.preventDefault();
    var box = document.querySelector('[data-import-progress]');
    var button = form.querySelector('[data-import-submit]');
    var jobId = (form.querySelector('[data-job-id]') || {}).value;
    var state = {done: false, timer: null};
    box.classList.remove('d-none');
    setProgress(box, 0, '正在上传…');
    button.disabled = true;
    var request = new XMLHttpRequest();
    request.open('POST', form.getAttribute('action'));
    request.upload.onprogress = function (e) {
      if (e.lengthComputable) setProgress(box, Math.round(100 * e.loaded / e.total), '正在上传：' + Math.round(100 * e.loaded / e.total) + '%');
    };
    request.upload.onload = function () {
      setProgress(box, null, '上传完成，正在检查和导入…');
      if (jobId) poll(form, box, jobId, state);
    };
    request.onload = function () {
      state.done = true;
      if (state.timer) window.clearTimeout(state.timer);
      button.disabled = false;
      var path = '';
      try {
        path = new URL(request.responseURL).pathname;
      } catch (e) {
        path = '';
      }
      if (path === '/login' || path.indexOf('/login/') === 0) {
        window.location.assign(request.responseURL);
        return;
      }
      box.classList.add('d-none');
      form.setAttribute('data-import-sent', 'background');
      if (!replaceResult(request.responseText, form)) {
        var current = document.querySelector('[data-import-result]');
        if (current) {
          current.textContent = '';
          var alert = document.createElement('div');
          alert.className = 'alert alert-danger';
          alert.setAttribute('role', 'alert');
          alert.setAttribute('data-import-error', '');
          alert.textContent = request.status === 413 ? '文件超过上传大小上限，未导入。'
            : '导入未完成（' + request.status + '），请刷新页面查看导入记录后重试。';
          current.appendChild(alert);
        }
      }
      file.value = '';
    };
    request.onerror = function () {
      state.done = true;
      if (state.timer) window.clearTimeout(state.timer);
      button.disabled = false;
      setProgress(box, 100, '网络连接中断，无法确认导入结果；请到台账首页查看最近的导入后再决定是否重新导入。');
    };
    request.send(new FormData(form));
  });

  // ---- an ID typed as a keyword goes by POST -------------------------------------------------------

  var LOOKS_LIKE_ID = /^\s*\d{17}[\dXx]\s*$/;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-filter-form]')) return;
    var text = form.querySelector('[data-filter-text]');
    var search = document.querySelector('form[data-id-search-form]');
    if (!text || !search || !LOOKS_LIKE_ID.test(text.value)) return;
    event.preventDefault();
    search.querySelector('[data-id-search]').value = text.value.trim();
    text.value = '';
    search.submit();
  });
})();
