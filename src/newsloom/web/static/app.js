// newsloom: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("keydown", function (event) {
  // "/" focuses the search box, as on many sites
  var box = document.getElementById("q");
  if (event.key === "/" && box && document.activeElement !== box) {
    event.preventDefault();
    box.focus();
  }
});
document.addEventListener("DOMContentLoaded", function () {
  // filters apply as soon as a select changes
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // hovering a coverage row outlines it, to follow a fact across outlets
  document.querySelectorAll("table.heat tbody tr").forEach(function (row) {
    row.addEventListener("mouseenter", function () { row.classList.add("hl"); });
    row.addEventListener("mouseleave", function () { row.classList.remove("hl"); });
  });
});
