// The post screen: before Publish now, Schedule… or Unpublish goes ahead, the
// server says in one line what will happen (who gets the email, when it goes
// live) and she confirms in a dialog. Without this script the same line comes
// back from the server with a "Yes" button, so nothing depends on it.
(function () {
  "use strict";
  const panel = document.getElementById("publishing");
  const form = panel && panel.closest("form");
  const dialog = document.getElementById("publish-dialog");
  if (!form || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  const day = document.getElementById("id_publish_on");
  const time = document.getElementById("id_publish_time");
  const reading = document.getElementById("publishing-reading");

  // "Sat 12 Jan 2030, 7:00 a.m. Chicago time": the chosen date and time in
  // words, whatever order the browser shows the date's numbers in.
  function readBack() {
    if (!reading || !day || !day.value) {
      if (reading) reading.textContent = "";
      return;
    }
    const parts = day.value.split("-").map(Number);
    const noon = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], 12));
    let words = noon
      .toLocaleDateString("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    })
      .replace(/^(\w+),/, "$1");
    if (time && time.value) {
      const hm = time.value.split(":").map(Number);
      const hour = hm[0] % 12 || 12;
      const minutes = String(hm[1]).padStart(2, "0");
      words += ", " + hour + ":" + minutes + (hm[0] < 12 ? " a.m." : " p.m.");
    }
    reading.textContent = words + " " + panel.dataset.zoneLabel;
  }
  if (day) {
    day.addEventListener("input", readBack);
    day.addEventListener("change", readBack);
  }
  if (time) time.addEventListener("input", readBack);
  readBack();

  const line = document.getElementById("publish-dialog-line");
  const yes = dialog.querySelector("[data-confirm]");
  const asks = ["publish", "schedule", "unpublish"];
  let pending = null;

  function submitWith(name, value) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
    form.submit();
  }

  form.addEventListener("submit", function (event) {
    const button = event.submitter;
    if (!button || button.name !== "_action" || !asks.includes(button.value)) {
      return;
    }
    event.preventDefault();
    const data = new FormData(form);
    data.set("_action", button.value);
    fetch(panel.dataset.checkUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .catch(function () {
        return null;
      })
      .then(function (answer) {
        if (!answer || !answer.confirm) {
          // A mistake to show, or no answer: the server's page says why.
          submitWith("_action", button.value);
          return;
        }
        pending = button.value;
        line.textContent = answer.confirm;
        yes.textContent = button.dataset.confirmLabel || "Yes";
        dialog.showModal();
        yes.focus();
      });
  });

  yes.addEventListener("click", function () {
    dialog.close();
    submitWith("_confirm", pending);
  });
  dialog.querySelector("[data-cancel]").addEventListener("click", function () {
    dialog.close();
  });
})();
