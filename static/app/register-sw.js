// Installs the service worker that keeps the app shell for offline use and syncs in the
// background. It is a module worker, so that it runs the app's own sync code. It keeps the
// shell in the page's language (the other one is not fetched until used): a new language is a
// new worker URL, so it installs again.
if ('serviceWorker' in navigator) {
  const lang = encodeURIComponent(document.documentElement.lang || 'vi');
  navigator.serviceWorker.register(`/sw.js?lang=${lang}`, { scope: '/app', type: 'module' }).catch((error) => {
    console.warn('service worker not installed', error);
  });
}
