// Offline use after one visit (README, "Çevrimdışı kullanım"), on every page (mkdocs.yml
// extra_javascript): registers the service worker (sw.js at the site root, written by
// kb/ssg/offline.py from theme/assets/kb/sw.js) and shows, in a status line at the top of the
// page, what the worker says: that the page is a saved copy, or that the connection is gone.
// The sentences are the worker's (sw.js, NOTICES): a page weighs less, and without a worker
// there is no saved copy to speak of. Only over http(s): a page opened from disk (file://)
// registers nothing. Reads and stores nothing the user typed.
(function () {
  "use strict";
  var sw = navigator.serviceWorker;
  if (!sw || !/^https?:$/.test(location.protocol) || !document.currentScript) return;
  // this file is <root>/assets/kb/offline.<hash>.js: the root also when the site lives in a sub-folder
  var root = new URL("../../", document.currentScript.src);
  sw.register(new URL("sw.js", root).href, { scope: root.pathname }).catch(function () {});
  // the status line exists only while there is something to say: it is put in empty and
  // filled a moment later, so that screen readers announce it as they announce a change
  var region = null;
  var wanted = "";
  var host = document.querySelector(".md-content__inner") || document.body;

  function fill(text) {
    var p = document.createElement("p");
    p.className = "kb-offline__text";
    p.textContent = text;
    region.textContent = "";
    region.appendChild(p);
  }
  function show(text) {
    wanted = text;
    if (typeof text !== "string" || !text) {
      if (region) region.remove();
      region = null;
      return;
    }
    if (region) return fill(text);
    region = document.createElement("div");
    region.className = "kb-offline";
    region.setAttribute("role", "status");
    host.insertBefore(region, host.firstChild);
    setTimeout(function () { if (region) fill(wanted); }, 100);
  }
  function ask(question) {
    if (!sw.controller) return;
    var channel = new MessageChannel();
    channel.port1.onmessage = function (e) { show(e.data); };
    sw.controller.postMessage(question, [channel.port2]);
  }
  addEventListener("online", function () { show(""); });
  addEventListener("offline", function () { ask("kb-kopuk"); });
  ask(navigator.onLine === false ? "kb-kopuk" : "kb-kaynak");
})();
