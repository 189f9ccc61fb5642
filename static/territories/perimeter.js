// Perimeter autocomplete: shows the search box and appends a chosen suggestion's code to the perimeter field.
// Without JavaScript the search box stays hidden and the codes are typed in the field.
(function () {
  "use strict";

  function setUp() {
    var box = document.getElementById("perimeter-search");
    if (!box) return;
    var field = document.getElementById(box.dataset.perimeterField);
    if (!field) return;
    var input = document.getElementById("perimeter-search-input");
    var suggestions = document.getElementById("perimeter-suggestions");

    // Show the search box just below the perimeter field.
    var fieldBlock = field.closest(".mb-3") || field.parentNode;
    fieldBlock.parentNode.insertBefore(box, fieldBlock.nextSibling);
    box.hidden = false;

    // The search box is not part of the record: Enter searches, it does not submit the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });

    suggestions.addEventListener("click", function (event) {
      var button = event.target.closest("[data-perimeter-code]");
      if (!button) return;
      var code = button.dataset.perimeterCode;
      var codes = field.value.split(/[\s,;]+/).filter(function (c) { return c; });
      if (codes.map(function (c) { return c.toUpperCase(); }).indexOf(code.toUpperCase()) === -1) {
        codes.push(code);
      }
      field.value = codes.join(", ");
      suggestions.innerHTML = "";
      input.value = "";
      field.focus();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
