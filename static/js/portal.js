// Small enhancements; every page reads fully without them.
// Visitors who are not signed in see times in UTC: with JavaScript on, each <time data-local>
// is rewritten to the browser's own time zone, and the zone is named in the footer.
(function () {
  "use strict";
  function localise() {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (document.body.dataset.userZone) { return; }
    var nodes = document.querySelectorAll("time[data-local]");
    nodes.forEach(function (node) {
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when)) { return; }
      var options = { dateStyle: "medium", timeZone: zone };
      if (node.dataset.local !== "date") { options.timeStyle = "short"; }
      node.textContent = new Intl.DateTimeFormat(undefined, options).format(when) + " " + zone.replace("_", " ");
      node.title = "Converted to your browser's time zone";
    });
    document.querySelectorAll("[data-viewer-zone]").forEach(function (node) {
      node.textContent = zone.replace("_", " ") + " (your browser)";
    });
  }
  document.addEventListener("DOMContentLoaded", localise);
  document.addEventListener("htmx:afterSwap", localise);
})();

// Pages whose sections save on their own ([data-unsaved-warning], the minutes editor): leaving the page
// while a form holds text that was not saved asks first. A form being submitted is not counted (its text
// goes to the server); the other forms' text still is.
(function () {
  "use strict";
  var submitting = null;
  function changed(form) {
    return Array.prototype.some.call(form.elements, function (field) {
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") { return false; }
      if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
      if (field.tagName === "SELECT") {
        return Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return typeof field.defaultValue === "string" && field.value !== field.defaultValue;
    });
  }
  function unsaved() {
    var forms = document.querySelectorAll("[data-unsaved-warning] form");
    return Array.prototype.some.call(forms, function (form) { return form !== submitting && changed(form); });
  }
  document.addEventListener("submit", function (event) { submitting = event.target; }, true);
  window.addEventListener("beforeunload", function (event) {
    var warn = unsaved();
    submitting = null;
    if (warn) { event.preventDefault(); event.returnValue = ""; }
  });
  // A section saved in place reports in the editor's status line: older page messages are stale then.
  document.addEventListener("htmx:afterSettle", function () {
    submitting = null;
    var status = document.getElementById("editor-status");
    if (!status || status.hidden) { return; }
    document.querySelectorAll(".messages").forEach(function (list) {
      var region = list.closest("[role=status]");
      if (region && region !== status) { region.remove(); }
    });
  });
})();

// Copy buttons for addresses people paste elsewhere (the calendar subscriptions): shown only with
// JavaScript on; without it the address is selectable in its read-only field.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      if (!field || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(function () {
          button.firstChild.textContent = "Copied";
        });
      });
    });
    document.querySelectorAll("[data-copyable]").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  });
})();
