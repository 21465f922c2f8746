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

// The receipt panel's copy button (shown only when the clipboard can be written) and the countdowns,
// which tick once a minute from the server's "closes in …" text.
(function () {
  "use strict";
  function setUp() {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      if (!navigator.clipboard) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.dataset.copy);
        navigator.clipboard.writeText(source.textContent.trim()).then(function () { button.textContent = "Copied"; });
      });
    });
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
