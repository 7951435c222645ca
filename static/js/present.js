/* The presentation view, enhanced: it follows the chair by itself, and the chair moves it on with
 * the arrow keys.
 *
 * Everything here is optional: without JavaScript the Refresh link shows what is on the screen now,
 * and the chair's Previous and Next buttons are ordinary forms. Every few seconds this asks
 * present_now ({"bid": pk or null, "criterion": pk or null}) and reloads the page when the item on
 * the screen has changed. On the chair's screen only (where those buttons exist), the left and right
 * arrow keys press them, unless the person is typing somewhere.
 */
(function () {
  "use strict";

  var POLL_MS = 3000;
  var box = document.getElementById("present");
  if (!box) {
    return;
  }

  // Following the chair --------------------------------------------------------------------------
  var url = box.getAttribute("data-now-url");
  var shown = [box.getAttribute("data-bid") || "", box.getAttribute("data-criterion") || ""];
  var leaving = false;

  function asText(value) {
    return value === null || value === undefined ? "" : String(value);
  }

  function schedule() {
    window.setTimeout(poll, POLL_MS);
  }

  function poll() {
    if (leaving) {
      return;
    }
    if (document.hidden) {
      schedule();
      return;
    }
    window.fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json", "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (now) {
      if (now && (asText(now.bid) !== shown[0] || asText(now.criterion) !== shown[1])) {
        leaving = true;
        window.location.reload();
        return;
      }
      schedule();
    }).catch(schedule);
  }

  if (url && window.fetch) {
    schedule();
  }

  // The chair's arrow keys ----------------------------------------------------------------------
  var previous = box.querySelector("[data-present=previous]");
  var next = box.querySelector("[data-present=next]");
  if (!previous && !next) {
    return;
  }
  var hint = document.getElementById("present-keys");
  if (hint) {
    hint.hidden = false;
  }

  document.addEventListener("keydown", function (event) {
    if (leaving || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey ||
        event.shiftKey) {
      return;
    }
    var target = event.target;
    if (target && target.closest && target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    var button = event.key === "ArrowLeft" ? previous : event.key === "ArrowRight" ? next : null;
    if (!button) {
      return;
    }
    event.preventDefault();
    leaving = true;
    button.click();
  });
})();
