// Every date picker of the back office gets "Today" and "Tomorrow" buttons that
// mean her today and tomorrow: the server writes her date (in her zone) on the
// input, while the picker's own "today" would be the browser's.
(function () {
  "use strict";

  function nextDay(iso) {
    const parts = iso.split("-").map(Number);
    const day = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2] + 1));
    return day.toISOString().slice(0, 10);
  }

  function button(input, label, value) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "button staff-day";
    element.textContent = label;
    const name = input.getAttribute("aria-label") || input.name;
    element.setAttribute("aria-label", label + " (" + name + ")");
    element.addEventListener("click", function () {
      input.value = value;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    return element;
  }

  function addShortcuts() {
    document
      .querySelectorAll("input[type=date][data-her-today]")
      .forEach(function (input) {
        if (input.disabled || input.readOnly) {
          return;
        }
        const today = input.dataset.herToday;
        const shortcuts = document.createElement("span");
        shortcuts.className = "staff-days";
        shortcuts.append(
          button(input, "Today", today),
          button(input, "Tomorrow", nextDay(today)),
        );
        input.after(shortcuts);
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addShortcuts);
  } else {
    addShortcuts();
  }
})();
