// Remember the visitor's time zone so the site can show times in it.
(function () {
  "use strict";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Zone names (Europe/London) are safe cookie values as they are.
    if (zone && !/(?:^|; )tz=/.test(document.cookie)) {
      document.cookie = "tz=" + zone +
        "; path=/; max-age=31536000; SameSite=Lax" +
        (location.protocol === "https:" ? "; Secure" : "");
    }
  } catch (e) {
    // Older browsers: times stay in the coach's zone, clearly labelled.
  }
})();

// Forms on cached pages carry an empty CSRF field ({% csrf_input_from_cookie %}):
// fill it from the csrftoken cookie before sending, asking /csrf/ for the
// cookie first when this browser has none yet.
(function () {
  "use strict";
  function token() {
    var found = /(?:^|; )csrftoken=([^;]+)/.exec(document.cookie);
    return found ? decodeURIComponent(found[1]) : "";
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var field = form.querySelector && form.querySelector("input[data-csrf-from-cookie]");
    if (!field || field.value) {
      return;
    }
    field.value = token();
    if (field.value) {
      return;
    }
    event.preventDefault();
    fetch("/csrf/", { credentials: "same-origin" }).then(function () {
      field.value = token();
      form.submit();
    });
  }, true);
})();
