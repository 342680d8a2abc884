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
