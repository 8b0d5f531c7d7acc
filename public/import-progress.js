// Progress for /blog/import: sends the form with XMLHttpRequest so the upload's progress can drive
// the <progress> bar, and announces it (every 10%) and the final summary in a live region.
// Without script, the plain form posts as usual and the summary comes back as a page.
(() => {
  var form = document.getElementById('import-form');
  var box = document.getElementById('import-progress');
  var bar = document.getElementById('import-bar');
  var status = document.getElementById('import-status');
  if (!form || !box || !bar || !status || !window.XMLHttpRequest || !window.FormData) return;
  var button = form.querySelector('button[type="submit"]');

  function say(text, kind) {
    status.className = `import-status${kind ? ` import-status-${kind}` : ''}`;
    status.textContent = text;
  }

  function setBar(percent) {
    bar.value = percent;
    bar.textContent = `${percent}%`;
  }

  form.addEventListener('submit', (event) => {
    var input = form.querySelector('input[type="file"]');
    if (!input?.files || input.files.length === 0) return;
    event.preventDefault();
    var announced = -1;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.responseType = 'json';
    box.hidden = false;
    setBar(0);
    if (button) button.disabled = true;
    say('Uploading: 0%');

    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable || e.total === 0) return;
      var percent = Math.min(100, Math.floor((e.loaded / e.total) * 100));
      setBar(percent);
      var step = Math.floor(percent / 10) * 10;
      if (step !== announced && step < 100) {
        announced = step;
        say(`Uploading: ${step}%`);
      }
    });
    xhr.upload.addEventListener('load', () => {
      setBar(100);
      say('Uploaded: 100%. Importing your posts…');
    });
    xhr.addEventListener('load', () => {
      if (button) button.disabled = false;
      const body = xhr.response;
      if (xhr.status === 200 && body && body.message) {
        setBar(100);
        status.className = 'import-status import-status-done';
        status.textContent = `${body.message} `;
        const link = document.createElement('a');
        link.href = body.url;
        link.textContent = 'Go to your blog';
        status.appendChild(link);
      } else {
        say(
          body?.error?.message
            ? `The file could not be imported: ${body.error.message}`
            : `The file could not be imported (error ${xhr.status}).`,
          'error',
        );
      }
    });
    xhr.addEventListener('error', () => {
      if (button) button.disabled = false;
      say('The upload failed. Check your connection and try again.', 'error');
    });
    xhr.send(new FormData(form));
  });
})();
