// Registers the service worker that lets KubeStep load and run offline after a first visit.
// A separate file, not an inline script, so the page's Content-Security-Policy can stay strict.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('./sw.js').catch((error) => {
    console.warn('KubeStep works online only here: the offline copy could not be set up.', error);
  });
}
