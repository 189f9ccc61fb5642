// The search box of a long list of boxes (includes/checkbox_list.html): typing narrows the boxes shown
// (ticked ones stay in view), and a count says how many are ticked. Without JavaScript every box is shown.
(function () {
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

  function setUp(fieldset) {
    if (fieldset.dataset.checkboxFilterReady) {
      return; // the script is included once per list on the page
    }
    fieldset.dataset.checkboxFilterReady = "true";
    const tools = fieldset.querySelector(".checkbox-filter-tools");
    const input = fieldset.querySelector("[data-checkbox-filter-input]");
    const count = fieldset.querySelector("[data-checkbox-filter-count]");
    const boxes = Array.from(fieldset.querySelectorAll("input[type=checkbox]")).map((box) => {
      const label = box.closest("label");
      return {box, row: label.parentElement, text: fold(label.textContent)};
    });

    function update() {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      let checked = 0;
      for (const item of boxes) {
        const visible = item.box.checked || words.every((word) => item.text.includes(word));
        item.row.hidden = !visible;
        shown += visible ? 1 : 0;
        checked += item.box.checked ? 1 : 0;
      }
      let message = (checked < 2 ? count.dataset.one : count.dataset.many)
        .replace("{checked}", checked.toLocaleString("fr-FR"))
        .replace("{total}", boxes.length.toLocaleString("fr-FR"));
      if (words.length) {
        message += " · " + (shown < 2 ? count.dataset.shownOne : count.dataset.shown).replace("{shown}", shown.toLocaleString("fr-FR"));
      }
      count.textContent = message;
    }

    input.addEventListener("input", update);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter in the search box must not submit the whole form
      }
    });
    fieldset.addEventListener("change", update);
    tools.hidden = false;
    update();
  }

  document.querySelectorAll("[data-checkbox-filter]").forEach(setUp);
})();
