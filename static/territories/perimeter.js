// The perimeter picker of the territory form: the chosen EPCI and communes listed by name, each with a remove
// button, and a search box in the combobox pattern (arrows through the suggestions, Enter adds, Escape closes).
// The field of codes stays the submitted value: hidden here, and rewritten on every change. Without
// JavaScript the picker stays hidden and the codes are typed in that field.
(function () {
  "use strict";

  var picker = document.getElementById("perimeter-search");
  if (!picker) return;
  var field = document.getElementById(picker.dataset.perimeterField);
  if (!field) return;
  var input = document.getElementById("perimeter-search-input");
  var listbox = document.getElementById("perimeter-listbox");
  var chosen = document.getElementById("perimeter-chosen");
  var empty = document.getElementById("perimeter-chosen-empty");
  var status = document.getElementById("perimeter-status");
  var itemTemplate = document.getElementById("perimeter-chosen-template");
  var searchUrl = picker.dataset.searchUrl;
  var timer = null;
  var request = 0;

  // The picker takes the place of the field of codes; the field's errors stay in view.
  var block = field.closest(".mb-3") || field.parentNode;
  Array.prototype.forEach.call(block.children, function (child) {
    if (!child.classList.contains("invalid-feedback")) child.hidden = true;
  });
  var errors = block.querySelector(".invalid-feedback");
  block.insertBefore(picker, errors);
  if (errors) input.setAttribute("aria-describedby", "perimeter-search-help " + errors.id);
  field.dataset.focusInstead = input.id; // the error summary's link to the field leads here
  picker.hidden = false;

  function say(template, values) {
    status.textContent = template.replace(/%\((\w+)\)s/g, function (_all, key) { return values[key]; });
  }

  function codes() {
    return Array.prototype.map.call(chosen.querySelectorAll("[data-perimeter-code]"), function (item) {
      return item.dataset.perimeterCode;
    });
  }

  function sync() {
    field.value = codes().join(", ");
    empty.hidden = codes().length > 0;
  }

  function options() {
    return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
  }

  function close() {
    listbox.hidden = true;
    listbox.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function activate(option) {
    options().forEach(function (other) {
      other.classList.toggle("active", other === option);
      other.setAttribute("aria-selected", other === option ? "true" : "false");
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function active() {
    var id = input.getAttribute("aria-activedescendant");
    return id ? document.getElementById(id) : null;
  }

  function add(option) {
    var code = option.dataset.perimeterCode;
    var name = option.dataset.perimeterName;
    if (codes().indexOf(code) === -1) {
      var item = itemTemplate.content.firstElementChild.cloneNode(true);
      item.dataset.perimeterCode = code;
      item.querySelector("[data-perimeter-text]").textContent = name + " (" + code + ") — " + option.dataset.perimeterKind;
      item.querySelector("[data-perimeter-button-name]").textContent = " " + name;
      chosen.appendChild(item);
      sync();
    }
    say(status.dataset.added, {name: name});
    input.value = "";
    close();
    input.focus();
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    var mine = ++request;
    fetch(searchUrl + "?q=" + encodeURIComponent(query), {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (mine !== request) return; // an older answer arriving late
        listbox.innerHTML = "";
        var holder = document.createElement("template");
        holder.innerHTML = html;
        var found = holder.content.querySelectorAll("[role=option]");
        Array.prototype.forEach.call(found, function (option) { listbox.appendChild(option); });
        if (found.length) {
          listbox.hidden = false;
          input.setAttribute("aria-expanded", "true");
          say(found.length > 1 ? status.dataset.countMany : status.dataset.countOne, {count: found.length});
        } else {
          close();
          var none = holder.content.querySelector("[data-perimeter-empty]");
          status.textContent = none ? none.textContent.trim() : "";
        }
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });

  input.addEventListener("keydown", function (event) {
    var list = options();
    var index = list.indexOf(active());
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!list.length) {
        search();
        return;
      }
      var next = event.key === "ArrowDown" ? (index + 1) % list.length : (index <= 0 ? list.length - 1 : index - 1);
      activate(list[next]);
    } else if (event.key === "Enter") {
      event.preventDefault(); // the search box is not part of the record: Enter never submits the form
      if (active()) add(active());
    } else if (event.key === "Escape") {
      if (!listbox.hidden) {
        event.preventDefault();
        close();
      } else {
        input.value = "";
      }
    }
  });

  // mousedown rather than click: the search box keeps the focus.
  listbox.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) return;
    event.preventDefault();
    add(option);
  });

  input.addEventListener("blur", function () {
    setTimeout(function () { if (document.activeElement !== input) close(); }, 150);
  });

  chosen.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var item = button.closest("[data-perimeter-code]");
    var next = item.nextElementSibling || item.previousElementSibling;
    var name = button.querySelector("[data-perimeter-button-name]").textContent.trim();
    item.remove();
    sync();
    say(status.dataset.removed, {name: name});
    (next ? next.querySelector("button") : input).focus();
  });
})();
