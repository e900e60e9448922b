// Installs the service worker that keeps the app shell for offline use and syncs in the
// background. It is a module worker, so that it runs the app's own sync code.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/app', type: 'module' }).catch((error) => {
    console.warn('service worker not installed', error);
  });
}
