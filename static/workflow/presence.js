/*
 * While the release form is open it says so every few seconds (a heartbeat,
 * workflow/admin/live.py), and shows who else has the release open: "Leyla is editing
 * this release too." Closing the page says so at once (a beacon); a form that stops
 * beating (a crashed browser, a lost connection) is forgotten within a minute.
 */
"use strict";

(function () {
  function setUp() {
    const configNode = document.getElementById("release-form-config");
    const form = document.getElementById("release_form");
    if (!configNode || !form) {
      return;
    }
    const config = JSON.parse(configNode.textContent);
    const box = document.getElementById("release-presence");
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    let timer = null;

    function show(names) {
      if (!box) {
        return;
      }
      box.replaceChildren.apply(
        box,
        names.map(function (name) {
          const line = document.createElement("p");
          line.className = "warning";
          line.textContent = "⚠ " + config.texts.editing.replace("%(name)s", name);
          return line;
        }),
      );
    }

    function beat() {
      fetch(config.presence_url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (answer) {
          if (answer) {
            show(answer.others);
          }
        })
        .catch(function () {
          // No connection: the next beat tries again.
        });
    }

    function start() {
      if (timer === null && config.presence_url) {
        timer = window.setInterval(beat, config.heartbeat_seconds * 1000);
      }
    }

    document.addEventListener("release:created", function (event) {
      config.presence_url = event.detail.presence_url;
      config.presence_end_url = event.detail.presence_end_url;
      beat();
      start();
    });
    window.addEventListener("pagehide", function () {
      if (config.presence_end_url) {
        const data = new FormData();
        data.append("csrfmiddlewaretoken", csrf);
        navigator.sendBeacon(config.presence_end_url, data);
      }
    });
    // Back to a page kept by the browser: open again.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && config.presence_url) {
        beat();
      }
    });
    start();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
