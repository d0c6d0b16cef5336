/*
 * The release form's versions as tabs: one tab per language, named as its fieldset is
 * (the language, "original", its state), marked by its state; a version with an error
 * is marked and opened first. Without this script every fieldset stays shown.
 * WAI-ARIA tabs: arrow keys, Home and End move between them.
 */
"use strict";

(function () {
  const STATES = ["published", "written", "begun", "missing"];

  function setUp() {
    const panels = Array.from(document.querySelectorAll("fieldset.release-version"));
    if (panels.length < 2) {
      return;
    }
    const strip = document.createElement("div");
    strip.className = "version-tabs";
    strip.setAttribute("role", "tablist");
    const label = document.getElementById("version-tabs-label");
    if (label) {
      strip.setAttribute("aria-labelledby", label.id);
    }
    const errorNote = document.querySelector(".errornote");
    if (errorNote && !errorNote.id) {
      errorNote.id = "release-form-errors";
    }

    const tabs = panels.map(function (panel, index) {
      const heading = panel.querySelector(".fieldset-heading, h2");
      const tab = document.createElement("button");
      tab.type = "button";
      tab.className = "version-tab";
      tab.id = "version-tab-" + index;
      tab.setAttribute("role", "tab");
      tab.textContent = heading ? heading.textContent.trim() : "";
      STATES.forEach(function (state) {
        if (panel.classList.contains("version-" + state)) {
          tab.classList.add("version-tab--" + state);
        }
      });
      if (panel.classList.contains("version-original")) {
        tab.classList.add("version-tab--original");
      }
      if (panel.querySelector(".errorlist, .errors")) {
        tab.classList.add("version-tab--error");
        if (errorNote) {
          tab.setAttribute("aria-describedby", errorNote.id);
        }
      }
      strip.appendChild(tab);
      return tab;
    });
    // Each fieldset in a tab panel of its own (a fieldset may not be one itself).
    const wrappers = panels.map(function (panel, index) {
      const wrapper = document.createElement("div");
      wrapper.className = "version-panel";
      wrapper.id = "version-panel-" + index;
      wrapper.setAttribute("role", "tabpanel");
      wrapper.setAttribute("aria-labelledby", tabs[index].id);
      wrapper.tabIndex = 0;
      tabs[index].setAttribute("aria-controls", wrapper.id);
      panel.parentNode.insertBefore(wrapper, panel);
      wrapper.appendChild(panel);
      return wrapper;
    });

    function select(chosen, focus) {
      tabs.forEach(function (tab, index) {
        const selected = tab === chosen;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.tabIndex = selected ? 0 : -1;
        wrappers[index].hidden = !selected;
      });
      if (focus) {
        chosen.focus();
      }
    }

    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        select(tab, false);
      });
      tab.addEventListener("keydown", function (event) {
        let next = null;
        if (event.key === "ArrowRight") {
          next = tabs[(index + 1) % tabs.length];
        } else if (event.key === "ArrowLeft") {
          next = tabs[(index - 1 + tabs.length) % tabs.length];
        } else if (event.key === "Home") {
          next = tabs[0];
        } else if (event.key === "End") {
          next = tabs[tabs.length - 1];
        }
        if (next) {
          event.preventDefault();
          select(next, true);
        }
      });
    });

    wrappers[0].parentNode.insertBefore(strip, wrappers[0]);
    document.body.classList.add("version-tabs-on");
    const opened =
      tabs.find(function (tab) {
        return tab.classList.contains("version-tab--error");
      }) ||
      tabs.find(function (tab) {
        return tab.classList.contains("version-tab--original");
      }) ||
      tabs[0];
    select(opened, false);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
