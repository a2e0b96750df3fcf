// Plumbline's status page works without this script; with it, the overview refreshes itself and
// a mass prune asks once more.
(function () {
  "use strict";
  var table = document.querySelector("table[data-refresh]");
  if (table) {
    setInterval(function () {
      var url = table.getAttribute("data-refresh") + window.location.search;
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (answer) {
          if (answer.status === 303 || answer.redirected || !answer.ok) { return null; }
          return answer.text();
        })
        .then(function (html) {
          if (html === null) { return; }
          var holder = document.createElement("table");
          holder.innerHTML = html;
          var rows = holder.querySelector("tbody");
          var current = table.querySelector("tbody");
          if (rows && current) { current.replaceWith(rows); }
        })
        .catch(function () { /* the next round tries again */ });
    }, 5000);
  }
  var sync = document.querySelector("form#sync");
  if (sync) {
    sync.addEventListener("submit", function (event) {
      var prune = sync.querySelector("input[name=allowMassPrune]");
      if (prune && prune.checked && !window.confirm("Let this sync delete what the prune guard holds?")) {
        event.preventDefault();
      }
    });
  }
})();
