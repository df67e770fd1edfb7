// Live parts of a fleet page: every data-live-seconds, fetch this same URL and put the
// fresh content of each [data-live] element (matched by id) into the one on the page.
// The page is never reloaded and nothing outside those parts is touched, so what the
// admin typed or chose in a form stays; a part holding the focus is left alone, and
// nothing is updated while a form field has the focus or the tab is hidden.
(function () {
  "use strict";
  var page = document.querySelector("[data-live-seconds]");
  var seconds = page && Number(page.getAttribute("data-live-seconds"));
  if (!seconds || seconds <= 0 || !window.fetch || !window.DOMParser) {
    return;
  }
  var FIELDS = "input, select, textarea, [contenteditable]";
  var busy = false;

  function waiting() {
    var focused = document.activeElement;
    return document.hidden || (focused !== null && focused.matches(FIELDS));
  }

  function apply(fresh) {
    var parts = document.querySelectorAll("[data-live][id]");
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      var next = fresh.getElementById(part.id);
      if (next && !part.contains(document.activeElement)) {
        part.replaceChildren.apply(part, Array.prototype.slice.call(next.childNodes));
      }
    }
  }

  function update() {
    if (busy || waiting()) {
      return;
    }
    busy = true;
    fetch(window.location.href, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        // A login page after a logout or an error page has no parts to take.
        if (!response.ok || response.redirected) {
          return null;
        }
        return response.text();
      })
      .then(function (text) {
        if (text !== null && !waiting()) {
          apply(new DOMParser().parseFromString(text, "text/html"));
        }
      })
      .catch(function () {
        // The server is restarting or the link is down: the next period tries again.
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(update, seconds * 1000);
})();
