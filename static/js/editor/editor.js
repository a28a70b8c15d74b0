/* The post editor: EasyMDE over the Markdown textarea, with pictures (alt text
   asked for), a live preview rendered by the server, autosave and clean paste.
   No inline script or style attribute: the site's CSP allows neither. */
(function () {
  "use strict";

  var MAX_PICTURE_BYTES = 15 * 1024 * 1024;
  var AUTOSAVE_PAUSE_MS = 2000;
  var AUTOSAVE_LONGEST_MS = 15000;
  var PREVIEW_PAUSE_MS = 600;

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function label(text) {
    return '<span aria-hidden="true">' + text + "</span>";
  }

  function nextFootnote(text) {
    var highest = 0;
    text.replace(/\[\^(\d+)\]/g, function (match, number) {
      highest = Math.max(highest, parseInt(number, 10));
      return match;
    });
    return highest + 1;
  }

  function addFootnote(mde) {
    var cm = mde.codemirror;
    var number = nextFootnote(cm.getValue());
    cm.replaceSelection("[^" + number + "]");
    var last = cm.lastLine();
    var ending = cm.getLine(last) === "" ? "\n" : "\n\n";
    var note = "[^" + number + "]: ";
    var placeholder = "Source or note, e.g. Author, Title, Journal, 2024. https://…";
    cm.replaceRange(ending + note + placeholder, { line: last, ch: cm.getLine(last).length });
    var line = cm.lastLine();
    cm.setSelection({ line: line, ch: note.length }, { line: line, ch: note.length + placeholder.length });
    cm.focus();
  }

  function addSources(mde) {
    var cm = mde.codemirror;
    var text = cm.getValue();
    var placeholder = "Title of the study or page";
    if (/^## Sources\s*$/m.test(text)) {
      var last = cm.lastLine();
      cm.replaceRange("\n1. [" + placeholder + "](https://)", { line: last, ch: cm.getLine(last).length });
    } else {
      var end = cm.lastLine();
      var gap = text.trim() ? "\n\n" : "";
      cm.replaceRange(gap + "## Sources\n\n1. [" + placeholder + "](https://)", { line: end, ch: cm.getLine(end).length });
    }
    var line = cm.lastLine();
    var start = cm.getLine(line).indexOf("[") + 1;
    cm.setSelection({ line: line, ch: start }, { line: line, ch: start + placeholder.length });
    cm.focus();
  }

  function toolbar() {
    var E = window.EasyMDE;
    return [
      { name: "heading-2", action: E.toggleHeading2, className: "ed-h2", title: "Heading", icon: label("Heading") },
      { name: "heading-3", action: E.toggleHeading3, className: "ed-h3", title: "Smaller heading", icon: label("Subheading") },
      { name: "bold", action: E.toggleBold, className: "ed-bold", title: "Bold (Ctrl+B)", icon: label("<b>B</b>") },
      { name: "italic", action: E.toggleItalic, className: "ed-italic", title: "Italic (Ctrl+I)", icon: label("<i>I</i>") },
      "|",
      { name: "unordered-list", action: E.toggleUnorderedList, className: "ed-ul", title: "Bulleted list", icon: label("• List") },
      { name: "ordered-list", action: E.toggleOrderedList, className: "ed-ol", title: "Numbered list", icon: label("1. List") },
      { name: "quote", action: E.toggleBlockquote, className: "ed-quote", title: "Quote", icon: label("“ Quote") },
      { name: "link", action: E.drawLink, className: "ed-link", title: "Link (Ctrl+K)", icon: label("Link") },
      "|",
      { name: "upload-image", action: E.drawUploadedImage, className: "ed-picture", title: "Picture", icon: label("Picture") },
      { name: "footnote", action: addFootnote, className: "ed-footnote", title: "Footnote", icon: label("Footnote") },
      { name: "sources", action: addSources, className: "ed-sources", title: "Sources list", icon: label("Sources") },
      "|",
      { name: "undo", action: E.undo, className: "ed-undo", title: "Undo (Ctrl+Z)", icon: label("Undo") },
      { name: "redo", action: E.redo, className: "ed-redo", title: "Redo (Ctrl+Y)", icon: label("Redo") },
    ];
  }

  /* One Tab stop for the toolbar, arrow keys between its buttons (WAI-ARIA toolbar). */
  function keyboardToolbar(root) {
    var bar = root.querySelector(".editor-toolbar");
    if (!bar) { return; }
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting");
    var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
    buttons.forEach(function (button, index) {
      button.tabIndex = index === 0 ? 0 : -1;
      button.type = "button";
    });
    bar.addEventListener("keydown", function (event) {
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) { return; }
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons[index].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
    });
  }

  function focusables() {
    var selector = "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), iframe, [tabindex]:not([tabindex='-1'])";
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (el) {
      return el.offsetParent !== null || el === document.activeElement;
    });
  }

  /* Tab indents inside a list and otherwise leaves the text box: no keyboard trap. */
  function tabLeaves(mde, root) {
    var cm = mde.codemirror;
    function inList() {
      return /^\s*([-*+]|\d+[.)])\s/.test(cm.getLine(cm.getCursor().line));
    }
    function move(step) {
      var all = focusables();
      var wrapper = cm.getWrapperElement();
      var inside = all.filter(function (el) { return wrapper.contains(el); });
      var edge = step > 0 ? inside[inside.length - 1] : inside[0];
      var target = all[all.indexOf(edge) + step];
      if (step < 0) {
        var bar = root.querySelector(".editor-toolbar button[tabindex='0']");
        target = bar || target;
      }
      if (target) { target.focus(); }
    }
    var keys = Object.assign({}, cm.getOption("extraKeys"));
    keys.Tab = function () { if (inList()) { mde.codemirror.execCommand("indentMore"); } else { move(1); } };
    keys["Shift-Tab"] = function () { if (inList()) { mde.codemirror.execCommand("indentLess"); } else { move(-1); } };
    cm.setOption("extraKeys", keys);
  }

  function Editor(root) {
    this.root = root;
    this.form = root.closest("form");
    this.textarea = root.querySelector("textarea");
    this.title = this.form.querySelector("#id_title");
    this.status = root.querySelector(".post-editor-status");
    this.frame = root.querySelector(".post-editor-frame");
    this.dirty = false;
    this.stale = false;
    this.submitting = false;
    this.firstChangeAt = null;
    this.autosaveTimer = null;
    this.previewTimer = null;
    this.previewRequest = 0;
    this.pictureQueue = Promise.resolve();
  }

  Editor.prototype.start = function () {
    var self = this;
    this.mde = new window.EasyMDE({
      element: this.textarea,
      autoDownloadFontAwesome: false,
      spellChecker: false,
      nativeSpellcheck: true,
      inputStyle: "contenteditable",
      forceSync: true,
      status: false,
      toolbar: toolbar(),
      promptURLs: true,
      promptTexts: { link: "Web address of the page to link to (https://…):", image: "Web address of the picture:" },
      unorderedListStyle: "-",
      minHeight: "420px",
      uploadImage: true,
      imageAccept: "image/jpeg, image/png, image/webp, image/gif",
      imageUploadFunction: function (file, onSuccess, onError) {
        self.pictureQueue = self.pictureQueue.then(function () {
          return self.addPicture(file, onSuccess, onError);
        });
      },
      errorCallback: function (message) { self.say(message, true); },
      sideBySideFullscreen: false,
      previewRender: function () { return null; },
    });
    var cm = this.mde.codemirror;
    var input = cm.getInputField();
    input.setAttribute("aria-label", "Post text");
    input.setAttribute("aria-describedby", this.textarea.id + "_help");
    keyboardToolbar(this.root);
    tabLeaves(this.mde, this.root);
    cm.on("paste", function (editor, event) { self.paste(event); });
    cm.on("change", function () { self.changed(); });
    if (this.title) { this.title.addEventListener("input", function () { self.changed(); }); }
    this.form.addEventListener("submit", function () { self.submitting = true; });
    window.addEventListener("pagehide", function () { self.saveOnLeaving(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { self.saveOnLeaving(); }
    });
    this.frame.addEventListener("load", function () { self.refreshPreview(); });
    this.offerAutosave();
    this.root.classList.add("is-ready");
  };

  Editor.prototype.say = function (message, isError) {
    this.status.textContent = message;
    this.status.classList.toggle("is-error", Boolean(isError));
  };

  Editor.prototype.fields = function () {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrfToken(this.form));
    data.append("post", this.root.dataset.post);
    return data;
  };

  /* Pictures ------------------------------------------------------------ */

  Editor.prototype.askForDescription = function (file) {
    var dialog = this.root.querySelector(".post-editor-picture");
    var alt = dialog.querySelector(".post-editor-picture-alt");
    var decorative = dialog.querySelector(".post-editor-picture-decorative");
    var error = dialog.querySelector(".post-editor-picture-error");
    var add = dialog.querySelector(".post-editor-picture-add");
    var cancel = dialog.querySelector(".post-editor-picture-cancel");
    dialog.querySelector(".post-editor-picture-file").textContent = "File: " + file.name;
    alt.value = "";
    decorative.checked = false;
    error.hidden = true;
    add.disabled = false;
    dialog.showModal();
    alt.focus();
    var self = this;
    return new Promise(function (resolve) {
      function finish(answer) {
        add.removeEventListener("click", onAdd);
        cancel.removeEventListener("click", onCancel);
        dialog.removeEventListener("cancel", onCancel);
        alt.removeEventListener("keydown", onEnter);
        resolve(answer);
      }
      function onAdd() {
        if (!alt.value.trim() && !decorative.checked) {
          error.textContent = "Describe the picture, or tick “decorative”.";
          error.hidden = false;
          alt.focus();
          return;
        }
        finish({ dialog: dialog, error: error, button: add, alt: alt.value.trim(), decorative: decorative.checked });
      }
      function onCancel(event) {
        if (event) { event.preventDefault(); }
        dialog.close();
        self.mde.codemirror.focus();
        finish(null);
      }
      function onEnter(event) {
        if (event.key === "Enter") { event.preventDefault(); onAdd(); }
      }
      add.addEventListener("click", onAdd);
      cancel.addEventListener("click", onCancel);
      dialog.addEventListener("cancel", onCancel);
      alt.addEventListener("keydown", onEnter);
    });
  };

  Editor.prototype.addPicture = function (file, onSuccess, onError) {
    var self = this;
    if (file.size > MAX_PICTURE_BYTES) {
      onError("“" + file.name + "” is " + Math.round(file.size / 1048576) + " MB; the limit is 15 MB. Make it smaller and try again.");
      return Promise.resolve();
    }
    return this.askForDescription(file).then(function (answer) {
      if (!answer) { return; }
      answer.button.disabled = true;
      self.say("Adding the picture “" + file.name + "”…");
      var data = self.fields();
      data.append("image", file, file.name);
      data.append("alt", answer.alt);
      if (answer.decorative) { data.append("is_decorative", "on"); }
      return fetch(self.root.dataset.pictureUrl, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) {
          return response.json().catch(function () { return {}; }).then(function (body) {
            return { ok: response.ok, body: body };
          });
        })
        .then(function (result) {
          answer.dialog.close();
          self.mde.codemirror.focus();
          if (!result.ok || !result.body.url) {
            onError(result.body.error || "The picture could not be added. Nothing was changed; please try again.");
            return;
          }
          var alt = answer.decorative ? "" : answer.alt.replace(/[[\]\\]/g, "");
          self.mde.options.insertTexts.uploadedImage = ["![" + alt + "](#url#)", ""];
          onSuccess(result.body.url);
          self.say("Picture added.");
        })
        .catch(function () {
          answer.dialog.close();
          onError("The picture could not be sent (is the connection down?). Nothing was changed; please try again.");
        });
    });
  };

  /* Paste ---------------------------------------------------------------- */

  Editor.prototype.paste = function (event) {
    var clipboard = event.clipboardData;
    if (!clipboard || (clipboard.files && clipboard.files.length)) { return; }
    var html = clipboard.getData("text/html");
    if (!html || !window.postEditorPaste) { return; }
    event.preventDefault();
    this.mde.codemirror.replaceSelection(window.postEditorPaste.toMarkdown(html));
  };

  /* Live preview ----------------------------------------------------------- */

  Editor.prototype.previewData = function () {
    var data = this.fields();
    data.append("body", this.mde.value());
    ["title", "summary", "series", "reviewed_on"].forEach(function (name) {
      var field = this.form.elements.namedItem(name);
      if (field && field.value !== undefined) { data.append(name, field.value); }
    }, this);
    return data;
  };

  Editor.prototype.refreshPreview = function () {
    var self = this;
    var request = ++this.previewRequest;
    var target = this.frame.contentDocument && this.frame.contentDocument.getElementById("post-editor-preview");
    if (!target) { return; }
    fetch(this.root.dataset.previewUrl, { method: "POST", body: this.previewData(), credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && request === self.previewRequest) {
          target.innerHTML = html;
          self.root.dispatchEvent(new CustomEvent("post-editor:preview"));
        }
      })
      .catch(function () { /* the next change tries again */ });
  };

  /* Autosave -------------------------------------------------------------- */

  Editor.prototype.changed = function () {
    var self = this;
    this.dirty = true;
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(function () { self.refreshPreview(); }, PREVIEW_PAUSE_MS);
    if (this.stale) { return; }
    var now = Date.now();
    this.firstChangeAt = this.firstChangeAt || now;
    clearTimeout(this.autosaveTimer);
    var wait = Math.max(0, Math.min(AUTOSAVE_PAUSE_MS, this.firstChangeAt + AUTOSAVE_LONGEST_MS - now));
    this.autosaveTimer = setTimeout(function () { self.autosave(); }, wait);
  };

  Editor.prototype.autosaveData = function () {
    var data = this.fields();
    data.append("version", this.root.dataset.version);
    data.append("title", this.title ? this.title.value : "");
    data.append("body", this.mde.value());
    return data;
  };

  Editor.prototype.autosave = function () {
    var self = this;
    if (!this.dirty || this.stale || this.submitting) { return; }
    this.dirty = false;
    this.firstChangeAt = null;
    fetch(this.root.dataset.autosaveUrl, { method: "POST", body: this.autosaveData(), credentials: "same-origin" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok) {
            self.say("Autosaved at " + body.saved_at + ". Press Save to publish your changes.");
          } else if (response.status === 409) {
            self.stale = true;
            self.say(body.error, true);
          } else {
            self.dirty = true;
            self.say(body.error || "Could not autosave just now; we will try again as you type.", true);
          }
        });
      })
      .catch(function () {
        self.dirty = true;
        self.say("Could not autosave (is the connection down?). Keep this page open; we will try again as you type.", true);
      });
  };

  Editor.prototype.saveOnLeaving = function () {
    if (!this.dirty || this.stale || this.submitting || !navigator.sendBeacon) { return; }
    if (navigator.sendBeacon(this.root.dataset.autosaveUrl, this.autosaveData())) {
      this.dirty = false;
    }
  };

  /* Her autosaved text, newer than the last save, is put back on opening. */
  Editor.prototype.offerAutosave = function () {
    var data = document.getElementById("post-editor-autosave");
    var pending = data ? JSON.parse(data.textContent) : null;
    if (!pending) { return; }
    var self = this;
    var saved = { title: this.title ? this.title.value : "", body: this.mde.value() };
    var notice = this.root.querySelector(".post-editor-restored");
    notice.querySelector(".post-editor-restored-at").textContent = pending.saved_at;
    if (this.title) { this.title.value = pending.title; }
    this.mde.value(pending.body);
    notice.hidden = false;
    this.dirty = false;
    notice.querySelector(".post-editor-discard").addEventListener("click", function () {
      if (self.title) { self.title.value = saved.title; }
      self.mde.value(saved.body);
      notice.hidden = true;
      self.say("Back to the last saved version.");
      self.mde.codemirror.focus();
    });
  };

  function start() {
    if (!window.EasyMDE) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".post-editor"), function (root) {
      new Editor(root).start();
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
