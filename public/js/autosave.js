// Saves a section's answers in the background as the respondent answers (the form still works
// without JavaScript: every button is a plain POST). Reloads when skip logic changes what is shown.
(function () {
  const form = document.querySelector('form[data-autosave]');
  if (!form) return;
  const status = form.querySelector('.autosave-status');
  let timer;
  let inFlight = Promise.resolve();

  function show(text) {
    if (status) status.textContent = text;
  }

  function markErrors(errors) {
    form.querySelectorAll('.autosave-error').forEach((el) => el.remove());
    for (const [id, message] of Object.entries(errors)) {
      const fieldset = document.getElementById('q-' + id);
      if (!fieldset) continue;
      const p = document.createElement('p');
      p.className = 'field-error autosave-error';
      p.textContent = message;
      fieldset.querySelector('.options')?.before(p);
    }
  }

  async function save() {
    const body = new URLSearchParams(new FormData(form));
    body.set('go', 'autosave');
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      credentials: 'same-origin',
    });
    const data = await res.json().catch(() => null);
    if (!data || (res.status !== 200 && res.status !== 400)) throw new Error('autosave failed');
    markErrors(data.errors || {});
    // The page now shows the saved revisions: the next save only overrides what this page changed.
    for (const [id, revision] of Object.entries(data.revisions || {})) {
      const input = form.querySelector('input[data-rev="' + CSS.escape(id) + '"]');
      if (input) input.value = String(revision);
    }
    if (res.status === 400) return show(form.dataset.invalidText);
    show(form.dataset.savedText.replace('{{time}}', new Date().toLocaleTimeString()));
    if (data.reload) {
      sessionStorage.setItem('zhiping-scroll', String(window.scrollY));
      window.location.reload();
    }
  }

  form.addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      inFlight = inFlight.then(save).catch(() => show(form.dataset.failedText));
    }, 700);
  });

  const y = sessionStorage.getItem('zhiping-scroll');
  if (y !== null) {
    sessionStorage.removeItem('zhiping-scroll');
    window.scrollTo(0, Number(y));
  }
})();
