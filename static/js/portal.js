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
