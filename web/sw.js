// Unknot's service worker: keeps this build's own files (listed by scripts/build-web.sh, which also fills in
// the version) so that after one visit the app opens and runs with the network off. It answers same-origin
// GET requests only, from the cache first; anything else is left to the browser. It sends nothing anywhere.
// A new build is a new cache; it takes over once no tab runs the old one, so a page never mixes two builds.
const VERSION = "__VERSION__";
const FILES = __FILES__;
const CACHE = `unknot-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith("unknot-") && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  // Every app address (/journal, /routines/calves-ball) is the one page.
  const key = request.mode === "navigate" ? "/index.html" : url.pathname;
  event.respondWith((async () => (await (await caches.open(CACHE)).match(key)) ?? fetch(request))());
});
