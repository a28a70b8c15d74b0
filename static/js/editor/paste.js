/* Text pasted from Word or Google Docs becomes clean Markdown: headings, lists,
   links, bold and italic kept; fonts, colours and sizes dropped (turndown). */
(function () {
  "use strict";

  function styleOf(node) {
    return (node.getAttribute && node.getAttribute("style")) || "";
  }

  function service() {
    var turndown = new window.TurndownService({
      headingStyle: "atx",
      bulletListMarker: "-",
      codeBlockStyle: "fenced",
      emDelimiter: "*",
      strongDelimiter: "**",
    });
    turndown.remove(["style", "script", "meta", "title", "head", "link", "xml"]);
    // Google Docs wraps the whole paste in <b id="docs-internal-guid-…">.
    turndown.addRule("docsWrapper", {
      filter: function (node) {
        return node.nodeName === "B" && /^docs-internal-guid/.test(node.id || "");
      },
      replacement: function (content) { return content; },
    });
    // Google Docs marks bold and italic with styles on spans.
    turndown.addRule("styledSpans", {
      filter: function (node) {
        return node.nodeName === "SPAN" && /font-weight:\s*(700|bold)|font-style:\s*italic/.test(styleOf(node));
      },
      replacement: function (content, node) {
        if (!content.trim()) { return content; }
        var style = styleOf(node);
        var bold = /font-weight:\s*(700|bold)/.test(style);
        var italic = /font-style:\s*italic/.test(style);
        var mark = (bold ? "**" : "") + (italic ? "*" : "");
        return mark + content + mark.split("").reverse().join("");
      },
    });
    // Google Docs puts a paragraph in each list item: keep the list tight.
    turndown.addRule("listParagraphs", {
      filter: function (node) {
        return node.nodeName === "P" && node.parentNode && node.parentNode.nodeName === "LI";
      },
      replacement: function (content, node) {
        return node.nextElementSibling ? content + "\n\n" : content;
      },
    });
    // The post page starts at level 2: its title is the only level 1.
    turndown.addRule("topHeading", {
      filter: "h1",
      replacement: function (content) { return "\n\n## " + content + "\n\n"; },
    });
    turndown.addRule("deepHeadings", {
      filter: ["h5", "h6"],
      replacement: function (content) { return "\n\n#### " + content + "\n\n"; },
    });
    // Word writes list items as paragraphs with a bullet or number typed in.
    turndown.addRule("wordLists", {
      filter: function (node) {
        return node.nodeName === "P" && /MsoListParagraph/.test(node.className || "");
      },
      replacement: function (content) {
        var text = content.replace(/\u00a0/g, " ").trim();
        var numbered = /^\(?\d+[.)]\s+/.test(text);
        text = text.replace(/^(\(?\d+[.)]|[·•▪o§\-*])\s+/, "");
        return "\n" + (numbered ? "1. " : "- ") + text + "\n";
      },
    });
    // Pictures on the author's own computer cannot be shown: upload them instead.
    turndown.addRule("localImages", {
      filter: function (node) {
        return node.nodeName === "IMG" && !/^https?:\/\//.test(node.getAttribute("src") || "");
      },
      replacement: function () { return ""; },
    });
    return turndown;
  }

  var instance = null;

  window.postEditorPaste = {
    toMarkdown: function (html) {
      instance = instance || service();
      return instance.turndown(html).replace(/\u00a0/g, " ").replace(/\n{3,}/g, "\n\n").trim();
    },
  };
})();
