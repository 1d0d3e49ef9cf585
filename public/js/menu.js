// On a narrow screen the header's links fold behind a "Menu" button (without JavaScript they simply
// stay visible). The button says whether the menu is open, for screen readers too.
(function () {
  const header = document.querySelector('header.top');
  const button = header && header.querySelector('.menu-toggle');
  if (!button) return;
  header.classList.add('foldable');
  button.hidden = false;
  button.addEventListener('click', () => {
    const open = header.classList.toggle('open');
    button.setAttribute('aria-expanded', String(open));
  });
})();
