/*
 * The primary button says what it does: when it is "Publish now" and the publication
 * time is set in the future (Baku time, as the field says), it becomes
 * "Schedule for 29.03.2022 09:30", and back again. The server decides the same way
 * when the button is pressed (workflow/transitions.py).
 */
"use strict";

(function () {
  function two(number) {
    return ("0" + number).slice(-2);
  }

  // The date as typed, in the first of the admin's date formats that reads it whole.
  function parseDay(value) {
    const formats = window.get_format("DATE_INPUT_FORMATS");
    for (let i = 0; i < formats.length; i++) {
      if (!/^%[dmY]([.\-/]%[dmY]){2}$/.test(formats[i])) {
        continue;
      }
      const day = value.trim().strptime(formats[i]);
      if (!isNaN(day.getTime()) && day.getUTCFullYear() > 999 &&
          day.getUTCFullYear() < 10000) {
        const again = formats[i].replace("%d", two(day.getUTCDate()))
          .replace("%m", two(day.getUTCMonth() + 1)).replace("%Y", String(day.getUTCFullYear()));
        if (again === value.trim()) {
          return day;
        }
      }
    }
    return null;
  }

  function setUp() {
    const button = document.querySelector(".submit-row .workflow-primary[value=publish]");
    const configNode = document.getElementById("release-form-config");
    const dateInput = document.getElementById("id_published_at_0");
    const timeInput = document.getElementById("id_published_at_1");
    if (!button || !configNode || !dateInput || !timeInput || typeof window.get_format !== "function") {
      return;
    }
    const texts = JSON.parse(configNode.textContent).texts;
    // Seconds Baku is ahead of UTC, as the admin gives it.
    const offset = Number(document.body.dataset.adminUtcOffset || 0);

    function update() {
      const day = parseDay(dateInput.value);
      const time = timeInput.value.split(":").map(Number);
      if (!day || time.length < 2 || time.some(isNaN)) {
        return;
      }
      // Both as Baku's wall-clock time counted in UTC milliseconds.
      const when = Date.UTC(
        day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), time[0], time[1], time[2] || 0,
      );
      if (when > Date.now() + offset * 1000) {
        const shown = two(day.getUTCDate()) + "." + two(day.getUTCMonth() + 1) + "." +
          day.getUTCFullYear() + " " + two(time[0]) + ":" + two(time[1]);
        button.textContent = texts.schedule.replace("%(when)s", shown);
      } else {
        button.textContent = texts.publish_now;
      }
    }

    ["input", "change", "blur"].forEach(function (name) {
      dateInput.addEventListener(name, update);
      timeInput.addEventListener(name, update);
    });
    // The calendar and clock shortcuts write the fields without telling them.
    document.addEventListener("click", function () {
      window.setTimeout(update, 0);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
