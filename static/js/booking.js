// Booking pages: show times in the visitor's own zone and avoid double sends.
(function () {
  "use strict";

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf("=");
      if (parts[i].slice(0, eq) === name) {
        var value = parts[i].slice(eq + 1).replace(/^"|"$/g, "");
        try { return decodeURIComponent(value); } catch (e) { return value; }
      }
    }
    return null;
  }

  function writeZoneCookie(zone) {
    // Written as is (Europe/London): the server reads the cookie without decoding.
    document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }

  var detected = null;
  try { detected = Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) {}
  // Some browsers report a zone by an old name (Asia/Calcutta): use today's
  // name (Asia/Kolkata), from the table the page carries, as the site does.
  var renames = {};
  var renamesHolder = document.querySelector("[data-zone-renames]");
  if (renamesHolder) {
    try { renames = JSON.parse(renamesHolder.getAttribute("data-zone-renames")); } catch (e) {}
  }
  function todaysName(zone) {
    return zone && Object.prototype.hasOwnProperty.call(renames, zone) ? renames[zone] : zone;
  }
  detected = todaysName(detected);

  var current = readCookie("tz");
  // Any page that shows times in one zone says which (the times page, and the
  // details page of one time, which a shared link can open first).
  var zoneShown = document.querySelector("[data-shown-zone]");

  // (a) First visit: remember her zone and, once, show the times in it.
  if (detected && zoneShown && !/[?&]tz=/.test(location.search)) {
    if (!current) { writeZoneCookie(detected); }
    var wanted = todaysName(readCookie("tz"));
    var shown = zoneShown.getAttribute("data-shown-zone");
    if (wanted && shown && wanted !== shown) {
      // Once per zone: if the site cannot use it, the page stays as it is.
      var reloadedFor = null;
      try { reloadedFor = sessionStorage.getItem("tz-reloaded"); } catch (e) {}
      if (reloadedFor !== wanted) {
        try { sessionStorage.setItem("tz-reloaded", wanted); } catch (e) {}
        location.reload();
        return;
      }
    }
  }

  // (b) Offer the detected zone in the "Change time zone" list.
  var select = document.getElementById("tz-select");
  if (select && detected) {
    var found = false;
    for (var j = 0; j < select.options.length; j++) {
      if (select.options[j].value === detected) {
        found = true;
        select.options[j].text += " (detected)";
      }
    }
    if (!found) {
      var option = document.createElement("option");
      var city = detected.split("/").pop().replace(/_/g, " ");
      option.value = detected;
      option.text = city + " time (detected)";
      select.insertBefore(option, select.firstChild);
    }
  }

  // (c) Keyboards start at the list of free times, where the day links come
  // first; a day link opens that day and puts her on its summary.
  var firstFocus = document.querySelector("[data-first-focus]");
  if (firstFocus && !location.hash &&
      (document.activeElement === document.body || !document.activeElement)) {
    firstFocus.focus({ preventScroll: true });
  }
  var jumps = document.querySelectorAll("[data-day-jump]");
  for (var k = 0; k < jumps.length; k++) {
    jumps[k].addEventListener("click", function (event) {
      var summary = document.getElementById(this.getAttribute("href").slice(1));
      if (!summary) { return; }
      event.preventDefault();
      summary.parentNode.open = true;
      summary.focus();
      summary.scrollIntoView({ block: "start" });
    });
  }

  // (d) A "Copy link" button beside the manage address, where the browser can copy.
  var copyButton = document.querySelector("[data-copy]");
  if (copyButton && navigator.clipboard && window.isSecureContext) {
    var copyField = document.getElementById(copyButton.getAttribute("data-copy"));
    var copyStatus = document.querySelector("[data-copy-status]");
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      navigator.clipboard.writeText(copyField.value).then(function () {
        if (copyStatus) { copyStatus.textContent = "Link copied."; }
      }, function () {
        copyField.select();
        if (copyStatus) { copyStatus.textContent = "Select the address and copy it."; }
      });
    });
  }

  var form = document.querySelector("[data-booking-form]");
  if (form) {
    // No zone cookie (cookies blocked): send the browser's zone with the form.
    var zoneField = form.querySelector("input[name=time_zone]");
    if (zoneField && detected && !current) { zoneField.value = detected; }
    // One booking per click, however many times the button is pressed.
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
      var button = form.querySelector("[data-submit]");
      if (button) { button.textContent = "Booking…"; }
    });
  }
})();
