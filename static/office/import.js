// The import page: upload with a progress bar (a 10 MB list on a slow line takes a while),
// then wait for the server's check; the preview's import button shows that work goes on.
// Without this script the forms work as plain forms.

const messages = {
  vi: { sending: 'Đang tải tệp lên: %s%', checking: 'Đang kiểm tra từng dòng…', failed: 'Không gửi được tệp. Kiểm tra mạng rồi thử lại.', large: 'Tệp lớn hơn 10 MB.' },
  en: { sending: 'Uploading the file: %s%', checking: 'Checking every row…', failed: 'The file could not be sent. Check the network and try again.', large: 'The file is larger than 10 MB.' },
};
const text = messages[document.documentElement.lang] ?? messages.vi;

function showProgress(form, value, label) {
  const box = form.querySelector('[data-progress]');
  const bar = box.querySelector('progress');
  box.hidden = false;
  if (value === null) bar.removeAttribute('value');
  else bar.value = value;
  const caption = box.querySelector('[data-progress-text]');
  if (caption) caption.textContent = label;
}

function upload(form) {
  const error = form.querySelector('[data-error]');
  const button = form.querySelector('button[type=submit]');
  const request = new XMLHttpRequest();
  request.open('POST', form.action);
  request.setRequestHeader('Accept', 'application/json');
  request.responseType = 'json';
  request.upload.addEventListener('progress', (event) => {
    if (event.lengthComputable) {
      const percent = Math.round((100 * event.loaded) / event.total);
      showProgress(form, percent, text.sending.replace('%s', percent));
    }
  });
  request.upload.addEventListener('load', () => showProgress(form, null, text.checking));
  request.addEventListener('load', () => {
    if (request.status === 200 && request.response?.location) {
      window.location.assign(request.response.location);
      return;
    }
    button.disabled = false;
    form.querySelector('[data-progress]').hidden = true;
    error.textContent = request.response?.error
      ?? (request.status === 413 ? text.large : text.failed);
    error.hidden = false;
  });
  request.addEventListener('error', () => {
    button.disabled = false;
    error.textContent = text.failed;
    error.hidden = false;
  });
  error.hidden = true;
  button.disabled = true;
  showProgress(form, 0, text.sending.replace('%s', 0));
  request.send(new FormData(form));
}

for (const form of document.querySelectorAll('form[data-upload]')) {
  form.addEventListener('submit', (event) => {
    if (!form.reportValidity()) return;
    event.preventDefault();
    upload(form);
  });
}

for (const form of document.querySelectorAll('form[data-busy]')) {
  form.addEventListener('submit', () => {
    form.querySelector('[data-progress]').hidden = false;
    // After the submission has started: a disabled button would not be sent, and a second tap
    // must not import the file twice (the server refuses it anyway).
    setTimeout(() => { form.querySelector('button[type=submit]').disabled = true; });
  });
}
