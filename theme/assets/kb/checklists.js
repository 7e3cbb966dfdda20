// Checklist pages (kb/checklists/pages.py, templates/checklist.md.j2).
// Kontrol listesi: "Yazdır" and "İşaretleri temizle". Nothing is stored anywhere.
(function () {
  "use strict";
  var lists = document.querySelectorAll(".kb-cl");
  Array.prototype.forEach.call(lists, function (list) {
    var tools = list.querySelector(".kb-cl-tools");
    if (!tools) return;
    var status = tools.querySelector(".kb-cl-status");
    tools.hidden = false;
    window.addEventListener("pageshow", function () {
      Array.prototype.forEach.call(list.querySelectorAll("input[type=checkbox]"), function (b) { b.checked = false; });
    });
    tools.querySelector(".kb-cl-print").addEventListener("click", function () { window.print(); });
    tools.querySelector(".kb-cl-clear").addEventListener("click", function () {
      Array.prototype.forEach.call(list.querySelectorAll("input.kb-cl-input"), function (box) { box.checked = false; });
      if (status) status.textContent = "Bütün işaretler kaldırıldı.";
      var first = list.querySelector("input.kb-cl-input");
      if (first) first.focus();
    });
  });
})();
