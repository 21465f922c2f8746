// Small enhancements; every page reads fully without them.
(function () {
  "use strict";
  var browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  // Visitors, and people who have not chosen a zone yet, see times in UTC from the server: with
  // JavaScript on, each <time data-local> is rewritten to the browser's own zone, in the portal's one
  // way of writing time ("Thu 3 Dec 2026, 16:00 CET").
  // As the server writes a zone without an abbreviation: "UTC+05:30", "UTC+4".
  function zoneName(short) {
    var offset = /^GMT([+-])(\d+)(?::(\d\d))?$/.exec(short);
    if (!offset) { return short; }
    if (!offset[3]) { return "UTC" + offset[1] + offset[2]; }
    return "UTC" + offset[1] + (offset[2].length < 2 ? "0" : "") + offset[2] + ":" + offset[3];
  }

  function formatLocal(when, dateOnly) {
    var options = { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: browserZone };
    if (!dateOnly) {
      options.hour = "2-digit";
      options.minute = "2-digit";
      options.hourCycle = "h23";
      options.timeZoneName = "short";
    }
    var parts = {};
    new Intl.DateTimeFormat("en-GB", options).formatToParts(when).forEach(function (part) {
      parts[part.type] = part.value;
    });
    var text = parts.weekday + " " + parts.day + " " + parts.month + " " + parts.year;
    if (!dateOnly) { text += ", " + parts.hour + ":" + parts.minute + " " + zoneName(parts.timeZoneName); }
    return text;
  }

  function localise() {
    if (document.body.dataset.userZone) { return; }
    document.querySelectorAll("time[data-local]").forEach(function (node) {
      var when = new Date(node.getAttribute("datetime"));
      if (isNaN(when)) { return; }
      node.textContent = formatLocal(when, node.dataset.local === "date");
      node.title = "In your browser's time zone, " + browserZone.replace(/_/g, " ");
    });
    document.querySelectorAll("[data-viewer-zone]").forEach(function (node) {
      node.textContent = browserZone.replace(/_/g, " ") + " (your browser's zone)";
    });
  }

  // The offer to keep the browser's zone: one click sends it.
  function offerZone() {
    document.querySelectorAll("[data-browser-zone-input]").forEach(function (input) {
      input.value = browserZone;
    });
    document.querySelectorAll("[data-browser-zone-name]").forEach(function (node) {
      node.textContent = browserZone.replace(/_/g, " ");
    });
    var offers = document.querySelectorAll("[data-zone-offer]");
    offers.forEach(function (node) { node.hidden = node.dataset.currentZone === browserZone; });
    document.querySelectorAll("[data-zone-offer-text]").forEach(function (node) {
      node.textContent = "Times on these pages follow your browser's time zone, " + browserZone.replace(/_/g, " ") +
        ". Keep it for your account?";
    });
  }

  // After a form error, the first invalid field has the focus (or the form's error summary).
  function focusFirstError() {
    var field = document.querySelector(
      "main [aria-invalid='true'], main .has-error input, main .has-error select, main .has-error textarea"
    );
    if (field) { field.focus(); return; }
    var summary = document.querySelector("main .form-errors");
    if (summary) {
      summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    localise();
    offerZone();
    focusFirstError();
  });
  document.addEventListener("htmx:afterSwap", localise);
})();
