// Moves focus to the error summary of a failed submit, so that keyboard and screen-reader users start from
// it; its links then put the focus in the field they name (a plain in-page link would only scroll).
(function () {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    if (field.dataset.focusInstead && field.hidden) {
      // a field a script replaced by its own control (the perimeter picker)
      const control = document.getElementById(field.dataset.focusInstead);
      control.scrollIntoView({block: "center"});
      control.focus();
      return;
    }
    const label = document.querySelector(`label[for='${field.id}']`);
    const legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    (legend || label || field).scrollIntoView();
    field.focus({preventScroll: true});
  });
})();
