// Behaviour without inline scripts (the Content-Security-Policy forbids them): everything is driven
// by data- attributes.
document.addEventListener('submit', function (event) {
  var form = event.target;
  var question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

document.addEventListener('change', function (event) {
  var field = event.target;
  if (field.hasAttribute && field.hasAttribute('data-autosubmit') && field.form) {
    field.form.requestSubmit();
  }
});

// Selecting a file shows its name and size before upload; a file over the limit is refused at once.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input.matches || !input.matches('input[type=file][data-max-bytes]')) return;
  var note = document.getElementById(input.getAttribute('data-note'));
  var file = input.files && input.files[0];
  if (!note || !file) return;
  var max = parseInt(input.getAttribute('data-max-bytes'), 10);
  var size = file.size < 1024 * 1024 ? Math.ceil(file.size / 1024) + ' KB' : (file.size / 1024 / 1024).toFixed(1) + ' MB';
  if (file.size > max) {
    note.textContent = '「' + file.name + '」大小 ' + size + '，超过上限，请检查文件。';
    note.className = 'form-text text-danger';
    input.value = '';
  } else {
    note.textContent = '已选择「' + file.name + '」，' + size;
    note.className = 'form-text';
  }
});

// Unsaved input survives a session timeout: forms marked data-draft keep what is typed in this tab's
// sessionStorage; when the form is opened again with different values, a notice offers them back
// (SECURITY.md T07). Passwords, files and hidden fields are never kept.
(function () {
  var PREFIX = 'xiezuo-draft:';
  var MAX_AGE_MS = 12 * 60 * 60 * 1000;

  function keyOf(form) {
    return PREFIX + (form.getAttribute('data-draft') || form.getAttribute('action') || location.pathname);
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.disabled) return false;
      var type = (field.type || '').toLowerCase();
      return ['password', 'hidden', 'file', 'submit', 'button', 'reset'].indexOf(type) < 0;
    });
  }

  function valuesOf(form) {
    var values = {};
    fields(form).forEach(function (field) {
      if (field.type === 'checkbox' || field.type === 'radio') {
        if (field.checked) values[field.name + '=' + field.value] = true;
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function apply(form, values) {
    fields(form).forEach(function (field) {
      if (field.type === 'checkbox' || field.type === 'radio') {
        field.checked = values[field.name + '=' + field.value] === true;
      } else if (Object.prototype.hasOwnProperty.call(values, field.name)) {
        field.value = values[field.name];
      }
    });
  }

  function read(key) {
    try {
      var saved = JSON.parse(sessionStorage.getItem(key));
      if (!saved || Date.now() - saved.at > MAX_AGE_MS) return null;
      return saved;
    } catch (e) {
      return null;
    }
  }

  function offer(form, key, saved) {
    var notice = document.createElement('div');
    notice.className = 'alert alert-info d-flex align-items-center gap-2 flex-wrap';
    notice.setAttribute('role', 'status');
    notice.setAttribute('data-draft-notice', '');
    var text = document.createElement('span');
    text.textContent = '此表单有上次未保存的内容（' + new Date(saved.at).toLocaleString('zh-CN') + '），是否恢复？';
    var restore = document.createElement('button');
    restore.type = 'button';
    restore.className = 'btn btn-sm btn-primary';
    restore.textContent = '恢复未保存的内容';
    var discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'btn btn-sm btn-outline-secondary';
    discard.textContent = '放弃';
    restore.addEventListener('click', function () {
      apply(form, saved.values);
      notice.remove();
    });
    discard.addEventListener('click', function () {
      sessionStorage.removeItem(key);
      notice.remove();
    });
    notice.appendChild(text);
    notice.appendChild(restore);
    notice.appendChild(discard);
    form.parentNode.insertBefore(notice, form);
  }

  function same(a, b) {
    return JSON.stringify(a, Object.keys(a).sort()) === JSON.stringify(b, Object.keys(b).sort());
  }

  // a page confirming a save ends the drafts that were submitted
  if (document.querySelector('[data-saved]')) {
    Object.keys(sessionStorage).forEach(function (key) {
      var saved = key.indexOf(PREFIX) === 0 && read(key);
      if (saved && saved.submitted) sessionStorage.removeItem(key);
    });
  }

  document.querySelectorAll('form[data-draft]').forEach(function (form) {
    var key = keyOf(form);
    var saved = read(key);
    if (saved && !same(saved.values, valuesOf(form))) {
      offer(form, key, saved);
    } else {
      sessionStorage.removeItem(key);
    }
    form.addEventListener('input', function () {
      try {
        sessionStorage.setItem(key, JSON.stringify({at: Date.now(), values: valuesOf(form)}));
      } catch (e) {
        // storage full or disabled: the form still works, only without the safety net
      }
    });
    form.addEventListener('submit', function () {
      var saved = read(key);
      if (!saved) return;
      saved.submitted = true;
      sessionStorage.setItem(key, JSON.stringify(saved));
    });
  });
})();
