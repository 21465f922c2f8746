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

  // The month and weekday names are the server's (Python's %b and %a), not the browser's: ICU's en-GB
  // writes September "Sept", which put "22 Sept" beside the server's "27 Sep" on one page.
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  function formatLocal(when, dateOnly) {
    var options = { day: "numeric", month: "numeric", year: "numeric", timeZone: browserZone };
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
    var year = parseInt(parts.year, 10), month = parseInt(parts.month, 10), day = parseInt(parts.day, 10);
    var weekday = WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()];
    var text = weekday + " " + day + " " + MONTHS[month - 1] + " " + year;
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
    // a phone has room for the button that names the zone, and a short question beside it
    document.querySelectorAll("[data-zone-offer-short]").forEach(function (node) {
      node.hidden = Array.prototype.every.call(offers, function (offer) { return offer.hidden; });
    });
    document.querySelectorAll("[data-zone-offer-text]").forEach(function (node) {
      node.textContent = "Times follow your browser's time zone, " + browserZone.replace(/_/g, " ") +
        ". Keep it for your account?";
      node.parentNode.title = node.textContent;  // the line may be cut short
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

// The minutes editor's sections save in place: the keyboard goes on from the form that was sent, not from
// the top of the page. A refused form: its first invalid field. A row moved up or down: the same button of
// that row (or its other one, at the end of the list). Anything added or saved: the next empty field,
// from that form on (an add form comes back empty, ready for the next row).
(function () {
  "use strict";
  var sent = null;
  var FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]):not([type=checkbox]):not([type=radio]), textarea, select";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.closest("[data-unsaved-warning]") || !form.hasAttribute("hx-post")) { sent = null; return; }
    sent = { action: form.getAttribute("action"), value: event.submitter ? event.submitter.value : "" };
  }, true);

  function nextEmptyField(form, editor) {
    var fields = Array.prototype.filter.call(editor.querySelectorAll(FIELDS), function (field) {
      return !field.disabled && field.value === "" && field.getClientRects().length > 0;
    });
    for (var i = 0; i < fields.length; i++) {
      var place = form.compareDocumentPosition(fields[i]);
      if (form.contains(fields[i]) || place & Node.DOCUMENT_POSITION_FOLLOWING) { return fields[i]; }
    }
    return fields[0] || null;
  }

  document.addEventListener("htmx:afterSettle", function () {
    var editor = document.querySelector("[data-unsaved-warning]");
    if (!sent || !editor) { return; }
    var was = sent;
    sent = null;
    var invalid = editor.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (invalid) { invalid.focus(); return; }
    var form = Array.prototype.find.call(editor.querySelectorAll("form"), function (f) {
      return f.getAttribute("action") === was.action;
    });
    if (!form) { return; }
    var buttons = form.querySelectorAll("button");
    if (was.value) {
      var same = Array.prototype.find.call(buttons, function (b) { return b.value === was.value; });
      (same || buttons[0]).focus();
      return;
    }
    var field = nextEmptyField(form, editor);
    if (field) { field.focus(); }
  });
})();

// Copy buttons for what people paste elsewhere (calendar addresses in read-only fields, the ballot
// receipt's text): shown only with JavaScript on and a writable clipboard.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      if (!field || !navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var text = "value" in field ? field.value : field.textContent.trim();
        navigator.clipboard.writeText(text).then(function () {
          button.firstChild.textContent = "Copied";
        });
      });
    });
    document.querySelectorAll("[data-copyable]").forEach(function (field) {
      field.addEventListener("focus", function () { field.select(); });
    });
  });
})();

// The countdowns, which tick once a minute from the server's "closes in …" text.
(function () {
  "use strict";
  function setUp() {
    function tick() {
      document.querySelectorAll("[data-countdown]").forEach(function (node) {
        var left = Math.floor((new Date(node.dataset.countdown) - new Date()) / 60000);
        if (isNaN(left)) { return; }
        if (left <= 0) { node.textContent = "deadline passed"; return; }
        var days = Math.floor(left / 1440), hours = Math.floor(left / 60) % 24, mins = left % 60;
        if (days) { node.textContent = "closes in " + days + (days === 1 ? " day" : " days") + (hours ? " " + hours + " h" : ""); }
        else if (hours) { node.textContent = "closes in " + hours + " h" + (mins ? " " + mins + " min" : ""); }
        else { node.textContent = "closes in " + Math.max(mins, 1) + " min"; }
      });
    }
    if (document.querySelector("[data-countdown]")) { setInterval(tick, 60000); }
  }
  document.addEventListener("DOMContentLoaded", setUp);
})();
