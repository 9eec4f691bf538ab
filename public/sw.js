// KubeStep's service worker: after the first visit the app loads and works with no network.
//
// - The page (a navigation) comes from the network when it can, so a new build is picked up
//   on the next online visit; offline, the last page seen is served.
// - Files whose names carry a build hash never change: they come from the cache first.
//   Other files come from the network first, with the cache as the fallback.
// - Installing fetches the page and every file it names, so the first visit is enough.
//   When a new page arrives, files no page names any more are dropped from the cache.
// Only same-origin GET requests are handled; nothing here talks to another origin.

const CACHE = 'kubestep-offline-v1';
const PAGE = new URL('./', self.registration.scope).href;
const HASHED = /-[0-9a-f]{12,}(_bg)?\.[a-z0-9]+$/;

/** The files a page names with a relative `./` URL (Trunk's build writes them so). */
function filesNamedBy(html) {
  const files = new Set();
  for (const match of html.matchAll(/["']\.\/([^"'?#]+)["']/g)) {
    files.add(new URL(match[1], PAGE).href);
  }
  return files;
}

async function cachePage(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put(PAGE, response);
  const files = filesNamedBy(html);
  await Promise.all(
    [...files].map(async (url) => {
      if (await cache.match(url)) return;
      const file = await fetch(url);
      if (file.ok) await cache.put(url, file);
    }),
  );
  for (const request of await cache.keys()) {
    if (request.url !== PAGE && !files.has(request.url)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    fetch(PAGE, { cache: 'no-cache' })
      .then((response) => (response.ok ? cachePage(response) : undefined))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

/** Answers from the network, keeping a copy (for the page, after answering), else the cache. */
async function fromNetworkFirst(event, request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      if (key === PAGE) event.waitUntil(cachePage(response.clone()));
      else await (await caches.open(CACHE)).put(key, response.clone());
    }
    return response;
  } catch (offline) {
    const cached = await caches.match(key);
    if (cached) return cached;
    throw offline;
  }
}

async function fromCacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fromNetworkFirst(event, request, PAGE));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(fromCacheFirst(request));
  } else {
    url.search = '';
    event.respondWith(fromNetworkFirst(event, request, url.href));
  }
});
