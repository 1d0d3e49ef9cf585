// Starts swagger-ui on the API documentation page (/api/docs) with the app's own OpenAPI document.
// A file, not an inline script, so the page keeps the app's Content-Security-Policy (script-src 'self').
(function () {
  var el = document.getElementById('swagger-ui');
  if (!el || typeof window.SwaggerUIBundle !== 'function') return;
  window.SwaggerUIBundle({
    url: el.getAttribute('data-spec'),
    domNode: el,
    deepLinking: true,
    // No request to the public validator service: the page works offline on an intranet.
    validatorUrl: null,
    // "Try it out" sends the token typed in Authorize; the browser's cookies are not used by the API.
    withCredentials: false,
    persistAuthorization: false,
  });
})();
