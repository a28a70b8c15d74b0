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
