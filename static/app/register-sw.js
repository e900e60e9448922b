// Installs the service worker that keeps the app shell for offline use.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js', { scope: '/app' }).catch((error) => {
    console.warn('service worker not installed', error);
  });
}
