// On a start form for one of several organizations, choosing the organization also chooses the weight
// profile made for its industry (each option names it), until the user picks a profile themselves.
// Without JavaScript the first organization's profile stays chosen and any profile may be picked.
(function () {
  for (const form of document.querySelectorAll('form.start-form')) {
    const org = form.querySelector('select[name="orgId"]');
    const profile = form.querySelector('select[name="weightProfile"]');
    if (!org || !profile) continue;
    let picked = false;
    profile.addEventListener('change', () => { picked = true; });
    org.addEventListener('change', () => {
      if (picked) return;
      const option = org.options[org.selectedIndex];
      profile.value = option ? option.dataset.profile || '' : '';
    });
  }
})();
