/*
 * Keyboard and screen-reader access to mkdocs-material's search dialog (issue 14, item 10).
 * Material's own script stays in charge of searching and drawing the results; this file
 * only changes what the keyboard does and what a screen reader hears:
 *
 * - Tab and Shift+Tab move through the search box and the result links (and the "Bu
 *   sayfada N tane daha" toggles) and wrap around: focus stays inside the open dialog.
 *   (Material closed the search on Tab, so the results were reachable only with the
 *   arrow keys, and on a narrow screen focus went on behind the full-screen search.)
 *   On a wide screen, where the search box sits in the header, a search with no results
 *   to reach lets Tab go on to the page (Material closes it), so the box is no trap.
 * - Escape closes the search and puts focus back on what opened it: the header's search
 *   button on narrow screens, the search box on wide ones (without opening it again;
 *   typing opens it).
 * - On narrow screens the closed search box is out of the Tab order (it is off screen;
 *   focusing it opened an empty full-screen search on the third Tab from the top) and the
 *   header's search button, a <label> Material leaves unfocusable, takes its place: Enter
 *   or Space opens the search with focus in the box.
 *   While the navigation drawer is open (it covers the header) that button is no Tab stop.
 * - The result count Material writes ("12 doküman bulundu", "Eşleşen doküman
 *   bulunamadı") is repeated, once typing pauses, in a polite status region
 *   (theme/partials/search.html), so a screen reader announces it.
 *
 * - Material's search worker is loaded only when the search is wanted (page weight, issue
 *   16): each page names a stand-in (assets/javascripts/workers/search-lazy.js) that waits
 *   for a "load" on the "kb-search" BroadcastChannel. It is sent here when the search opens
 *   or its box gets focus, and in answer to the stand-in's "hello" while the search is open.
 *
 * tests/ssg/test_search_browser.py checks all of this at 1280 and 390 px;
 * tests/ssg/test_lazy_search.py the worker's loading.
 */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var dialog = document.querySelector('[data-md-component="search"]');
  var input = dialog && dialog.querySelector('[data-md-component="search-query"]');
  var result = dialog && dialog.querySelector('[data-md-component="search-result"]');
  if (!toggle || !input || !result) return;
  var opener = document.querySelector('.md-header label[for="__search"]');
  var meta = result.querySelector(".md-search-result__meta");
  var status = dialog.querySelector("[data-kb-search-status]");
  var ANNOUNCE_DELAY = 600;  // ms after the last result: one announcement per pause in typing
  // what Material's arrow keys walk through, in this order
  var RESULT_STOPS = ":not(details) > [href], summary, details[open] [href]";

  function isOpen() { return toggle.checked; }
  function setOpen(open) { if (toggle.checked !== open) toggle.click(); }  // as Material does
  // the header's search button is shown only on narrow screens (below 60em)
  function narrow() { return !!opener && opener.getClientRects().length > 0; }
  function shown(el) { return el.getClientRects().length > 0; }

  // ---------------------------------------------------------------- the header button
  if (opener) {
    opener.setAttribute("tabindex", "0");
    opener.setAttribute("aria-label", input.getAttribute("aria-label") || "Ara");
    opener.addEventListener("keydown", function (ev) {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      ev.preventDefault();
      ev.stopPropagation();  // Material's own Enter handler would click it a second time
      opener.click();        // opens the search; Material then focuses the box
    });
  }

  // ---------------------------------------------------------------- the search worker
  var channel = null;
  try {
    if (typeof BroadcastChannel === "function") channel = new BroadcastChannel("kb-search");
  } catch (e) {
    channel = null;
  }
  function wanted() { return isOpen() || document.activeElement === input; }
  function loadWorker() { if (channel) channel.postMessage("load"); }
  if (channel) {
    channel.onmessage = function (ev) { if (ev.data === "hello" && wanted()) loadWorker(); };
    input.addEventListener("focus", loadWorker);
  }

  var drawer = document.getElementById("__drawer");

  function sync() {
    var open = isOpen();
    // the open navigation drawer covers the header: its search button is no Tab stop then
    if (opener) opener.setAttribute("tabindex", drawer && drawer.checked ? "-1" : "0");
    // off screen while closed on a narrow screen: not a Tab stop
    if (narrow() && !open) input.setAttribute("tabindex", "-1");
    else input.removeAttribute("tabindex");
    if (open) dialog.setAttribute("aria-modal", "true");
    else dialog.removeAttribute("aria-modal");
    if (!open && status) status.textContent = "";
    if (open) loadWorker();
  }
  toggle.addEventListener("change", sync);
  if (drawer) drawer.addEventListener("change", sync);
  if (window.matchMedia) {
    var wide = window.matchMedia("(min-width: 60em)");
    if (wide.addEventListener) wide.addEventListener("change", sync);
  }
  sync();

  // ---------------------------------------------------------------- focus
  // Focus entering the box opens the search (Material watches focusin and focusout on
  // the body); returning focus to it on Escape must not: those events are kept from it.
  var quiet = false;
  ["focus", "blur", "focusin", "focusout"].forEach(function (type) {
    window.addEventListener(type, function (ev) { if (quiet) ev.stopImmediatePropagation(); }, true);
  });
  input.addEventListener("input", function () { if (!isOpen()) setOpen(true); });

  function stops() {
    var list = [input];
    Array.prototype.forEach.call(result.querySelectorAll(RESULT_STOPS), function (el) {
      if (shown(el)) list.push(el);
    });
    return list;
  }

  function close() {
    setOpen(false);
    if (narrow()) {
      opener.focus();
    } else {
      quiet = true;
      try { input.focus(); } finally { quiet = false; }
    }
  }

  // keys that keep their own meaning on a result (see below)
  var OWN_KEYS = { " ": true, Shift: true, Alt: true, AltGraph: true, CapsLock: true };

  // Capturing on window runs before Material's own keydown handler (window, bubbling),
  // which is kept from seeing the keys handled here.
  window.addEventListener("keydown", function (ev) {
    if (!isOpen() || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (OWN_KEYS[ev.key] && result.contains(document.activeElement)) {
      // Material hands every other key to the search box, focusing it: Shift (of
      // Shift+Tab) would move focus back to the box, Space would not open a "tane daha"
      ev.stopPropagation();
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      ev.stopPropagation();
      close();
    } else if (ev.key === "Tab") {
      var list = stops();
      // nothing but the box in a wide screen's search (no query, no results): Tab leaves
      // it, and Material closes the search, as before
      if (list.length === 1 && !narrow()) return;
      ev.preventDefault();
      ev.stopPropagation();
      var i = list.indexOf(document.activeElement);
      var next = ev.shiftKey ? (i <= 0 ? list.length - 1 : i - 1) : (i + 1) % list.length;
      list[next].focus();
    }
  }, true);

  // ---------------------------------------------------------------- the result count
  if (meta && status) {
    var timer = 0;
    new MutationObserver(function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        status.textContent = isOpen() && input.value.trim() ? meta.textContent.trim() : "";
      }, ANNOUNCE_DELAY);
    }).observe(meta, { childList: true, characterData: true, subtree: true });
  }
})();
