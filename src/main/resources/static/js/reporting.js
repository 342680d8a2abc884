// The reporting pages without inline scripts (the Content-Security-Policy forbids them).
//
// Lines save as the reporter types: htmx posts the line's form and swaps in the answer, the line
// re-rendered with its new version and findings (the fields themselves are kept with hx-preserve, so
// typing goes on undisturbed). This file adds what htmx does not do by itself:
//  - the CSRF token as a header on every htmx request (the forms carry it as a field too);
//  - a refused save (400: input to correct; 409: changed by someone else, or no longer editable) is
//    shown in place: the answer is the line with the message and the reporter's own input;
//  - an expired session sends the browser to the sign-in page instead of into the line;
//  - a line whose fields are unchanged since its last save is not sent again, and one changed while
//    its previous save was on the way is saved once that save is back;
//  - 提交审核 waits until every line is saved;
//  - "select all" for the inbox checkboxes.
(function () {
  var sent = {};

  function csrf() {
    var field = document.querySelector('input[data-csrf-header]');
    return field ? {header: field.getAttribute('data-csrf-header'), token: field.value} : null;
  }

  function snapshot(form) {
    var data = new FormData(form);
    data.delete('_csrf');
    data.delete('version');
    return new URLSearchParams(data).toString();
  }

  function lines() {
    return Array.prototype.slice.call(document.querySelectorAll('form[data-autosave]'));
  }

  function unsaved(form) {
    return sent[form.id] !== snapshot(form);
  }

  function problem(form, text) {
    var note = form && form.querySelector ? form.querySelector('[data-line-problem]') : null;
    if (note) note.textContent = text;
  }

  document.addEventListener('DOMContentLoaded', function () {
    lines().forEach(function (form) {
      sent[form.id] = snapshot(form);
    });
  });

  document.addEventListener('htmx:confirm', function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches('form[data-autosave]')) return;
    var trigger = event.detail.triggeringEvent;
    if (trigger && trigger.type === 'submit') return; // an explicit 保存 always goes
    if (!unsaved(form)) event.preventDefault();
  });

  document.addEventListener('htmx:configRequest', function (event) {
    var token = csrf();
    if (token) event.detail.headers[token.header] = token.token;
    var form = event.detail.elt;
    if (form && form.matches && form.matches('form[data-autosave]')) sent[form.id] = snapshot(form);
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
    var isLine = typeof xhr.responseText === 'string' && xhr.responseText.indexOf('data-line-form') >= 0;
    if ((xhr.status === 400 || xhr.status === 409) && isLine) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      return;
    }
    if (xhr.status >= 400) {
      event.detail.shouldSwap = false;
      problem(event.detail.target, xhr.status === 403 ? '没有权限保存，请刷新页面后重试'
        : '保存失败（' + xhr.status + '），请刷新页面后重试；刚才的输入仍在输入框中');
    }
  });

  // typed while the previous save was on its way: save that too
  document.addEventListener('htmx:afterSettle', function (event) {
    var form = event.target; // the new line form that replaced the one which sent the save
    if (!form || !form.matches || !form.matches('form[data-autosave]') || !document.body.contains(form)) return;
    if (unsaved(form) && !form.querySelector('[data-line-error]')) htmx.trigger(form, 'change');
  });

  document.addEventListener('htmx:sendError', function (event) {
    problem(event.detail.elt, '网络连接中断，未能保存；恢复连接后请再修改一次或点击“保存”');
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-submit-form]')) return;
    var pending = lines().filter(function (line) {
      return line.classList.contains('htmx-request') || unsaved(line);
    });
    if (pending.length === 0) return;
    event.preventDefault();
    pending.forEach(function (line) {
      if (!line.classList.contains('htmx-request')) htmx.trigger(line, 'change');
    });
    var note = form.querySelector('[data-submit-wait]');
    if (!note) {
      note = document.createElement('div');
      note.className = 'small text-danger mt-1';
      note.setAttribute('data-submit-wait', '');
      form.appendChild(note);
    }
    note.textContent = '正在保存刚才的修改，请稍候再点击“提交审核”';
  });

  document.addEventListener('change', function (event) {
    var all = event.target;
    if (!all.matches || !all.matches('input[data-select-all]') || !all.form) return;
    Array.prototype.forEach.call(all.form.querySelectorAll('input[name="reports"]'), function (box) {
      box.checked = all.checked;
    });
  });
})();
