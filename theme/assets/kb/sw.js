// The service worker: the site opens without a connection after one visit (README,
// "Çevrimdışı kullanım"). Not served from here: kb/ssg/offline.py minifies it, puts the build's
// version in place of the mark below and writes it at the site root as sw.js, next to
// sw-manifest.json (the files to precache, each with the hash of its bytes).
//
// - install: precache every file of the manifest into the cache "kb-cevrimdisi-<version>";
//   a file whose hash is unchanged is copied from the previous version's cache, not fetched
//   again (weak connections). Then it takes over at once (skipWaiting, clients.claim).
// - activate: the caches of older versions are deleted.
// - fetch: only GET requests for this site's own files under the worker's scope, and never
//   a URL with a query string (the only part of a request that could carry what someone
//   typed; the site sends no form anywhere, CSP form-action 'none'). A fingerprinted name
//   (<name>.<hash>.<ext>) is served from the cache first; everything else (pages, JSON) from
//   the network first, its answer kept in the cache, and the saved copy when the network
//   fails or, for a page, does not answer within SLOW_MS. The page then asks (message
//   "kb-kaynak") whether it is a saved copy and shows the sentence the worker answers
//   (NOTICES; theme/assets/kb/offline.js).
"use strict";

const VERSION = "__KB_SURUM__";
const PREFIX = "kb-cevrimdisi-";
const CACHE = PREFIX + VERSION;
const ROOT = new URL("./", self.location.href);
const MANIFEST = new URL("sw-manifest.json", ROOT).href;
const FINGERPRINTED = /\.[0-9a-f]{8,}\.(?:min\.)?[a-z0-9]+$/;
const SLOW_MS = 5000;
const PARALLEL = 4; // precache downloads at a time: the page's own requests keep going
const served = new Map(); // id of a page's window -> why it got the saved copy

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

async function previousCopies() {
  // url -> the response kept by an older version, for the files whose hash has not changed
  const found = new Map();
  for (const key of await caches.keys()) {
    if (!key.startsWith(PREFIX) || key === CACHE) continue;
    const cache = await caches.open(key);
    const stored = await cache.match(MANIFEST);
    if (!stored) continue;
    const old = await stored.json();
    for (const [path, hash] of Object.entries(old.files || {})) {
      found.set(new URL(path, ROOT).href + "\n" + hash, cache);
    }
  }
  return found;
}

async function precache() {
  const response = await fetch(MANIFEST, { cache: "no-cache" });
  if (!response.ok) throw new Error("sw-manifest.json: " + response.status);
  const manifest = await response.clone().json();
  // sw.js and the list are published together; a mismatch is a publication under way
  if (manifest.version !== VERSION) throw new Error("sw-manifest.json is of another build");
  const cache = await caches.open(CACHE);
  const older = await previousCopies();
  const queue = Object.entries(manifest.files);
  async function worker() {
    while (queue.length) {
      const [path, hash] = queue.shift();
      const url = new URL(path, ROOT).href;
      const oldCache = older.get(url + "\n" + hash);
      const kept = oldCache && await oldCache.match(url);
      if (kept) {
        await cache.put(url, kept);
        continue;
      }
      const answer = await fetch(url, { cache: "no-cache" });
      if (!answer.ok) throw new Error(path + ": " + answer.status);
      await cache.put(url, await unredirected(answer));
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  // last: a cache holding the list is complete
  await cache.put(MANIFEST, response);
}

async function unredirected(response) {
  // a host may answer "a/b/" through a redirect; a redirected answer cannot serve a page
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText,
    headers: response.headers });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || request.headers.has("range")) return;
  const url = new URL(request.url);
  if (url.origin !== ROOT.origin || !url.href.startsWith(ROOT.href) || url.search) return;
  if (url.href === MANIFEST || url.href === self.location.href) return;
  url.hash = "";
  const key = url.href;
  if (FINGERPRINTED.test(url.pathname)) event.respondWith(cacheFirst(event, key));
  else event.respondWith(networkFirst(event, key));
});

function keep(event, cache, key, response) {
  if (response.ok && response.type === "basic") event.waitUntil(cache.put(key, response.clone()));
  return response;
}

async function cacheFirst(event, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  return keep(event, cache, key, await fetch(event.request));
}

async function networkFirst(event, key) {
  const cache = await caches.open(CACHE);
  const navigation = event.request.mode === "navigate";
  // asked again each time (a copy in the browser's HTTP cache is revalidated, not trusted)
  const network = fetch(key, { cache: "no-cache" }).then((response) => {
    // a page reached through a redirect ("a/b" -> "a/b/"): the browser follows it itself
    if (navigation && response.redirected) return Response.redirect(response.url, 301);
    return keep(event, cache, key, response);
  });
  event.waitUntil(network.catch(() => null)); // a late answer still refreshes the copy
  const hit = await cache.match(key);
  if (!hit) return network;
  let timer;
  const slow = new Promise((resolve) => {
    if (navigation) timer = setTimeout(resolve, SLOW_MS, null);
  });
  try {
    const answer = await Promise.race([network, slow]);
    if (answer) return answer;
    served.set(event.resultingClientId, "yavas");
    return hit;
  } catch (error) {
    if (navigation) served.set(event.resultingClientId, "cevrimdisi");
    return hit;
  } finally {
    clearTimeout(timer);
  }
}

// what a page shows at its top (theme/assets/kb/offline.js asks: "kb-kaynak" when it opens,
// "kb-kopuk" when it opens or goes offline); the page's own sentences live here, not in every page
const NOTICES = {
  cevrimdisi: "Çevrimdışısınız: bu sayfa daha önce kaydedilmiş kopyadan gösteriliyor.",
  yavas: "Bağlantı çok yavaş: bu sayfa daha önce kaydedilmiş kopyadan gösteriliyor. "
    + "Güncel hâli için sayfayı sonra yeniden yükleyin.",
  kopuk: "Çevrimdışısınız: bağlantı yok. Daha önce açılmış ve kaydedilmiş sayfalar açılmaya devam eder.",
};

self.addEventListener("message", (event) => {
  const question = event.data;
  if ((question !== "kb-kaynak" && question !== "kb-kopuk") || !event.ports[0] || !event.source) return;
  const why = served.get(event.source.id) || (question === "kb-kopuk" ? "kopuk" : "");
  served.delete(event.source.id);
  event.ports[0].postMessage(why ? NOTICES[why] : "");
});
