// Saves a section's answers in the background as the respondent answers, and loses nothing typed:
// - every change is kept in this browser (localStorage, per page and user) until the server has
//   acknowledged it, and sent again on the next visit if it never was;
// - pending changes are sent before leaving the page (in-app links wait for the save; closing the tab
//   or switching away sends them with keepalive);
// - failures are retried with growing pauses, and said so; an expired session or a stale form lets
//   the user sign in again in a new tab, then sends what was pending;
// - the page reloads only with a GET (never re-posting a form) when skip logic changes what is shown.
// Without JavaScript the form still works: every button is a plain POST.
(function () {
  const form = document.querySelector('form[data-autosave]');
  if (!form) return;
  const status = form.querySelector('.autosave-status');
  const banner = document.getElementById('autosave-signin');
  const counter = document.getElementById('section-progress');
  const storageKey = 'zhiping:pending:' + form.dataset.user + ':' + form.action;
  const DELAY_MS = { change: 500, input: 1200 };
  let timer;
  let retryTimer;
  let retries = 0;
  let saving = null;
  let dirty = false;
  let needsSignIn = false;

  const show = (text) => {
    if (status) status.textContent = text;
  };

  /** What the page would post now; questions with N/A ticked but no reason yet wait until it is written. */
  function body() {
    const params = new URLSearchParams(new FormData(form));
    form.querySelectorAll('fieldset.question').forEach((fieldset) => {
      const id = fieldset.id.slice(2);
      const na = fieldset.querySelector('input[name="na[' + id + ']"]');
      const reason = fieldset.querySelector('input[name="reason[' + id + ']"]');
      if (na && na.checked && reason && reason.value.trim() === '') {
        for (const name of ['shown', 'a', 'na', 'reason', 'rev']) {
          params.delete(name + '[' + id + ']');
          params.delete(name + '[' + id + '][]');
        }
      }
    });
    params.set('go', 'autosave');
    return params;
  }

  function remember(params) {
    try {
      localStorage.setItem(storageKey, params.toString());
    } catch {
      /* storage full or disabled: the in-memory copy still goes out */
    }
  }

  function forget(sent) {
    try {
      if (localStorage.getItem(storageKey) === sent) localStorage.removeItem(storageKey);
    } catch {
      /* nothing stored */
    }
  }

  function markErrors(errors) {
    form.querySelectorAll('.autosave-error').forEach((el) => el.remove());
    form.querySelectorAll('fieldset.question .field-error:not(.autosave-error)').forEach((el) => {
      const id = el.closest('fieldset').id.slice(2);
      if (!(id in errors)) el.remove();
    });
    form.querySelectorAll('fieldset.question.has-error').forEach((el) => {
      if (!(el.id.slice(2) in errors)) el.classList.remove('has-error');
    });
    for (const [id, message] of Object.entries(errors)) {
      const fieldset = document.getElementById('q-' + id);
      if (!fieldset) continue;
      const p = document.createElement('p');
      p.className = 'field-error autosave-error';
      p.textContent = message;
      fieldset.querySelector('.options')?.before(p);
    }
  }

  function applyRevisions(revisions) {
    for (const [id, revision] of Object.entries(revisions || {})) {
      const input = form.querySelector('input[data-rev="' + CSS.escape(id) + '"]');
      if (input) input.value = String(revision);
    }
  }

  function reloadWithGet() {
    sessionStorage.setItem('zhiping-scroll', String(window.scrollY));
    window.location.replace(form.action);
  }

  function askToSignIn() {
    needsSignIn = true;
    show(form.dataset.signinText);
    if (banner) banner.hidden = false;
  }

  /** A fresh CSRF token from the page itself, after signing in again in another tab. */
  async function refreshToken() {
    const res = await fetch(form.action, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!res.ok || new URL(res.url).pathname !== new URL(form.action).pathname) return false;
    const match = /name="_csrf" value="([^"]+)"/.exec(await res.text());
    if (!match) return false;
    form.querySelectorAll('input[name="_csrf"]').forEach((input) => (input.value = match[1]));
    return true;
  }

  async function send(params) {
    params.set('_csrf', form.querySelector('input[name="_csrf"]').value);
    const sent = params.toString();
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: sent,
      credentials: 'same-origin',
    });
    if (res.redirected && new URL(res.url).pathname === '/login') return askToSignIn();
    const data = await res.json().catch(() => null);
    if (res.status === 403 || res.status === 401) return askToSignIn();
    if (!data || (res.status !== 200 && res.status !== 400)) throw new Error('autosave failed: ' + res.status);
    forget(bodyStored(params));
    retries = 0;
    applyRevisions(data.revisions);
    markErrors(data.errors || {});
    if (counter && data.progress) counter.textContent = form.dataset.progressText.replace('{{answered}}', data.progress.answered).replace('{{total}}', data.progress.total);
    show(res.status === 400 ? form.dataset.invalidText : form.dataset.savedText.replace('{{time}}', new Date().toLocaleTimeString()));
    if (data.reload) reloadWithGet();
  }

  /** The stored copy of `params` as it was remembered (without the token, which changes on sign-in). */
  function bodyStored(params) {
    const copy = new URLSearchParams(params);
    copy.delete('_csrf');
    return copy.toString();
  }

  /** Sends the form as it is now; a newer edit during the request is sent after it. */
  function save() {
    clearTimeout(timer);
    if (needsSignIn) return Promise.resolve();
    if (saving) return saving.then(() => (dirty ? save() : undefined));
    dirty = false;
    const params = body();
    saving = send(params)
      .catch(() => {
        dirty = true;
        retries++;
        const pause = Math.min(30, 2 ** retries);
        show(form.dataset.retryText.replace('{{seconds}}', String(pause)));
        clearTimeout(retryTimer);
        retryTimer = setTimeout(save, pause * 1000);
      })
      .finally(() => {
        saving = null;
      });
    return saving;
  }

  function changed(event) {
    dirty = true;
    const params = body();
    params.delete('_csrf');
    remember(params);
    show(form.dataset.pendingText);
    clearTimeout(timer);
    timer = setTimeout(save, event.type === 'input' && event.target.matches('textarea, input[type="text"]') ? DELAY_MS.input : DELAY_MS.change);
  }

  /** Ticking N/A puts the chosen answer aside (unticking brings it back) and asks for the reason. */
  function toggleNotApplicable(box) {
    const fieldset = box.closest('fieldset.question');
    const inputs = fieldset.querySelectorAll('.options input, .options textarea');
    if (box.checked) {
      const kept = [];
      inputs.forEach((input, i) => {
        if ((input.type === 'radio' || input.type === 'checkbox') && input.checked) {
          kept.push(i);
          input.checked = false;
        } else if (input.type === 'text' || input.tagName === 'TEXTAREA') {
          if (input.value) kept.push(i + ':' + input.value);
          input.value = '';
        }
      });
      fieldset.dataset.keptAnswer = JSON.stringify(kept);
      fieldset.querySelector('input[name^="reason["]')?.focus();
    } else if (fieldset.dataset.keptAnswer) {
      for (const entry of JSON.parse(fieldset.dataset.keptAnswer)) {
        const [index, value] = String(entry).split(/:(.*)/s);
        const input = inputs[Number(index)];
        if (!input) continue;
        if (value !== undefined) input.value = value;
        else input.checked = true;
      }
      delete fieldset.dataset.keptAnswer;
    }
  }

  form.addEventListener('change', (event) => {
    // The evidence fields under each question belong to their own upload forms, not to the answers.
    if (event.target.form !== form) return;
    if (event.target.matches('input[name^="na["]')) toggleNotApplicable(event.target);
    else if (event.target.matches('.options input')) {
      const na = event.target.closest('fieldset.question').querySelector('input[name^="na["]');
      if (na && na.checked) na.checked = false;
    }
    changed(event);
  });
  form.addEventListener('input', (event) => {
    // Replies and comments under a question belong to their own forms.
    if (event.target.form !== form) return;
    if (event.target.matches('textarea, input[type="text"]')) changed(event);
  });

  // A radio answer can be taken back: a small "clear" button beside each single-answer question.
  form.querySelectorAll('fieldset.question').forEach((fieldset) => {
    const radios = fieldset.querySelectorAll('.options input[type="radio"]');
    if (!radios.length || fieldset.disabled) return;
    const clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'link clear-answer';
    clear.textContent = form.dataset.clearText;
    clear.addEventListener('click', () => {
      radios.forEach((r) => (r.checked = false));
      changed(new Event('change'));
    });
    fieldset.querySelector('.options').after(clear);
  });

  // In-app links wait for the pending save, so leaving through a section link loses nothing.
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || link.target === '_blank') return;
    if (new URL(link.href, location.href).origin !== location.origin || !(dirty || saving)) return;
    event.preventDefault();
    show(form.dataset.pendingText);
    const go = () => (window.location.href = link.href);
    save().then(() => (dirty || needsSignIn ? undefined : go()));
  });

  // Leaving the page (closing the tab, switching away): send what is pending without waiting.
  function flushOnLeave() {
    if (!dirty || needsSignIn) return;
    const params = body();
    params.set('_csrf', form.querySelector('input[name="_csrf"]').value);
    fetch(form.action, { method: 'POST', body: params, keepalive: true, credentials: 'same-origin', headers: { Accept: 'application/json' } }).catch(() => {});
  }
  window.addEventListener('pagehide', flushOnLeave);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushOnLeave();
    else if (needsSignIn) resumeAfterSignIn();
  });
  window.addEventListener('focus', () => needsSignIn && resumeAfterSignIn());
  // The other tab may finish signing in while this one stays in front: look again now and then.
  setInterval(() => needsSignIn && resumeAfterSignIn(), 4000);

  async function resumeAfterSignIn() {
    if (!(await refreshToken().catch(() => false))) return;
    needsSignIn = false;
    if (banner) banner.hidden = true;
    if (localStorage.getItem(storageKey)) {
      dirty = true;
      await save();
    }
  }

  /** Puts answers remembered from an earlier visit back into the form, with the revisions that page showed. */
  function restore(params) {
    for (const element of form.elements) {
      const match = /^(a|na|reason|rev)\[([^\]]+)\]/.exec(element.name || '');
      if (!match || !params.has('shown[' + match[2] + ']')) continue;
      const values = params.getAll(element.name);
      if (element.type === 'radio' || element.type === 'checkbox') element.checked = values.includes(element.value);
      else element.value = values[0] ?? '';
    }
  }

  // Changes a previous visit could not deliver: shown again, and sent now.
  const stored = localStorage.getItem(storageKey);
  if (stored) {
    restore(new URLSearchParams(stored));
    dirty = true;
    show(form.dataset.pendingText);
    save();
  }

  const y = sessionStorage.getItem('zhiping-scroll');
  if (y !== null) {
    sessionStorage.removeItem('zhiping-scroll');
    window.scrollTo(0, Number(y));
  }
})();
