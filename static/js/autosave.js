/* The scoring sheet, enhanced: it saves itself a few seconds after typing stops or a score changes,
 * and says so in a polite live region; each reason box shows how many characters are left.
 *
 * Everything here is optional: without JavaScript the Save buttons do the same job. The server
 * answers an autosave (header X-Requested-With: fetch) with JSON: {ok, version, saved_at}, or
 * {conflict} (409: saved elsewhere since this page loaded), or {errors, message} (400), or
 * {signed_out} (401). After a conflict or a log-out nothing saves by itself again: the person
 * presses Save, and the page then shows both versions (or keeps their typing through the log-in).
 */
(function () {
  "use strict";

  var DELAY_MS = 3000;

  function characterCounts() {
    var boxes = document.querySelectorAll("textarea[data-limit]");
    Array.prototype.forEach.call(boxes, function (box) {
      var limit = parseInt(box.getAttribute("data-limit"), 10);
      var message = document.getElementById(box.id + "_count");
      if (!limit || !message) {
        return;
      }
      function update() {
        var left = limit - box.value.length;
        if (left >= 0) {
          message.textContent = "You have " + left.toLocaleString("en-GB") + " character" +
            (left === 1 ? "" : "s") + " left.";
          message.classList.remove("character-count--over");
        } else {
          message.textContent = "You have " + (-left).toLocaleString("en-GB") + " character" +
            (left === -1 ? "" : "s") + " too many.";
          message.classList.add("character-count--over");
        }
      }
      box.addEventListener("input", update);
      update();
    });
  }

  function autosave(form) {
    var status = document.getElementById("autosave-status");
    var hint = document.getElementById("autosave-hint");
    var version = form.querySelector("input[name=version]");
    var timer = null;
    var saving = false;
    var changedWhileSaving = false;
    var stopped = false;
    var waitingSubmit = null;

    if (!window.fetch || !window.FormData || !status || !version) {
      return;
    }
    if (hint) {
      hint.hidden = false;
    }

    function say(text) {
      status.textContent = text;
    }

    function schedule() {
      if (stopped) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY_MS);
    }

    function finished() {
      saving = false;
      if (waitingSubmit) {
        var submitter = waitingSubmit;
        waitingSubmit = null;
        submitNow(submitter);
      } else if (changedWhileSaving) {
        changedWhileSaving = false;
        schedule();
      }
    }

    function handle(response, body) {
      if (response.ok && body.ok) {
        version.value = body.version;
        say("Saved at " + body.saved_at + ".");
      } else if (response.status === 409 || body.conflict) {
        stopped = true;
        say("Changed in another tab: press Save to see both.");
      } else if (response.status === 401 || body.signed_out) {
        stopped = true;
        say("Not saved: you have been logged out. Press Save to log in again. " +
          "What you typed will be kept.");
      } else if (body.errors) {
        say("Not saved: " + (body.message || "something needs changing.") +
          " Press Save to see where.");
      } else {
        say("Not saved. Press Save to try again.");
      }
    }

    function save() {
      timer = null;
      if (stopped) {
        return;
      }
      if (saving) {
        changedWhileSaving = true;
        return;
      }
      saving = true;
      var data = new FormData(form);
      data.append("autosave", "1");
      say("Saving…");
      window.fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch", "Accept": "application/json" },
      }).then(function (response) {
        return response.json().then(function (body) {
          handle(response, body);
        }, function () {
          handle(response, {});
        });
      }).catch(function () {
        say("Not saved: check your internet connection, then press Save.");
      }).then(finished);
    }

    function submitNow(submitter) {
      stopped = true;
      if (form.requestSubmit) {
        form.requestSubmit(submitter || undefined);
      } else {
        form.submit();
      }
    }

    form.addEventListener("input", function (event) {
      if (event.target.tagName === "TEXTAREA") {
        schedule();
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") {
        schedule();
      }
    });
    form.addEventListener("submit", function (event) {
      window.clearTimeout(timer);
      if (saving) {
        // Wait for the save under way, so this submission carries the version it produced.
        event.preventDefault();
        waitingSubmit = event.submitter || null;
        return;
      }
      stopped = true;
    });
  }

  function start() {
    characterCounts();
    var form = document.querySelector("form[data-autosave]");
    if (form) {
      autosave(form);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
