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
