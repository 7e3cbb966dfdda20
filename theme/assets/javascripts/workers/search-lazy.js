/*
 * Material's search worker, loaded on the first search instead of on every page (page
 * weight, issue 16: the worker and its lunr files are 16 KB gzip that most visits never use).
 *
 * Every page names this file as Material's search worker (kb/ssg/lazy_search.py rewrites
 * the "search" entry of the page's __config). Material creates the worker and sends it the
 * search index (its SETUP message) as the page loads; this file keeps that message and loads
 * nothing until the page says the search is wanted. theme/assets/kb/search.js says so on a
 * BroadcastChannel when the search opens or its box gets focus, and answers this file's
 * "hello" while the search is open (a search opened before this worker was listening, or a
 * search link with ?q=). Then Material's worker (its name is put in REAL by the build; it
 * lives in this folder, so the lunr files it imports by relative path are found) is imported
 * and the kept messages are handed to it in their order; later messages go to it directly.
 *
 * Without BroadcastChannel (or opened from disk) the worker is loaded at once, as Material
 * does. Another tab of the site opening its search also loads it here: that costs one
 * download the page would have made anyway. The service worker precaches both files, so the
 * search works offline after one visit (tests/ssg/test_offline.py, test_search_browser.py).
 */
(function () {
  "use strict";
  var REAL = "__KB_SEARCH_WORKER__";
  var CHANNEL = "kb-search";
  var kept = [];        // messages that arrived before Material's worker was there
  var started = false;  // load() called
  var ready = false;    // Material's worker imported: it handles every message itself

  addEventListener("message", function (ev) {
    if (ready) return;
    kept.push(ev.data);
    ev.stopImmediatePropagation();
  });

  var channel = null;
  try {
    if (typeof BroadcastChannel === "function" && location.protocol !== "file:") channel = new BroadcastChannel(CHANNEL);
  } catch (e) {
    channel = null;
  }

  function load() {
    if (started) return;
    started = true;
    if (channel) channel.close();
    // importScripts is synchronous in a worker; Material's iframe shim (file://) returns a promise
    Promise.resolve(importScripts(REAL)).then(function () {
      ready = true;
      kept.splice(0).forEach(function (data) {
        dispatchEvent(new MessageEvent("message", { data: data }));
      });
    });
  }

  if (!channel) {
    load();
  } else {
    channel.onmessage = function (ev) {
      if (ev.data === "load") load();
    };
    channel.postMessage("hello");
  }
})();
