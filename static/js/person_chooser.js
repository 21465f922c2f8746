// The person chooser (members.forms.PersonChoiceField): a <select> grouped by company works without
// JavaScript; with it, a filter box above narrows the options to the people (or companies) whose name
// holds what is typed, and picks the one person left when only one matches.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    if (select.dataset.personChooserReady) { return; }
    select.dataset.personChooserReady = "yes";
    var label = document.querySelector('label[for="' + select.id + '"]');
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-filter";
    input.autocomplete = "off";
    input.className = "person-filter";
    input.setAttribute("aria-controls", select.id);
    var filterLabel = document.createElement("label");
    filterLabel.htmlFor = input.id;
    filterLabel.className = "small";
    filterLabel.textContent = "Find " + (label ? label.textContent.replace(/[:*]\s*$/, "").trim().toLowerCase() : "a person") +
      " by name or company";
    var wrap = document.createElement("div");
    wrap.className = "person-filter-wrap";
    wrap.appendChild(filterLabel);
    wrap.appendChild(input);
    select.parentNode.insertBefore(wrap, select);

    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = [];
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var company = fold(group.label);
        var any = false;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var text = fold(option.textContent) + " " + company;
          var match = words.every(function (word) { return text.indexOf(word) !== -1; });
          option.hidden = !match;
          if (match) { any = true; shown.push(option); }
        });
        group.hidden = !any;
      });
      if (shown.length === 1 && words.length) { select.value = shown[0].value; }
    });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[data-person-chooser]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  // sections of the minutes editor are swapped in place
  document.addEventListener("htmx:afterSettle", function (event) { enhanceAll(event.target); });
})();
