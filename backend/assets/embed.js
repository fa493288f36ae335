/* dvc-assistant loader (see README "Embedding"): a launcher in a shadow root; the widget iframe loads on first click. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__dvcAssistant) return;
  window.__dvcAssistant = true;
  var d = script.dataset;
  var origin = new URL(script.src, location.href).origin;
  var lang = d.lang === "en" ? "en" : "vi";
  var title = d.title || (lang === "en" ? "Public service assistant" : "Trợ lý Dịch vụ công");
  var color = /^#[0-9a-fA-F]{3,8}$/.test(d.color || "") ? d.color : "#a51d24";
  var side = d.position === "left" ? "left" : "right";
  var label = lang === "en" ? "Open the assistant: " + title : "Mở " + title;
  var closeLabel = lang === "en" ? "Close the assistant" : "Đóng trợ lý";

  function css(el, p) { for (var k in p) el.style.setProperty(k, p[k], "important"); }

  var host = document.createElement("div");
  host.setAttribute("data-dvc-assistant", "");
  css(host, { all: "initial", position: "fixed", bottom: "0", "z-index": "2147483000", display: "block" });
  host.style.setProperty(side, "0", "important");
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;

  var button = document.createElement("button");
  button.type = "button";
  button.setAttribute("aria-label", label);
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("part", "launcher");
  var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "30");
  svg.setAttribute("height", "30");
  svg.setAttribute("aria-hidden", "true");
  var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("fill", "#fff");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z");
  svg.appendChild(path);
  button.appendChild(svg);
  css(button, {
    all: "initial", display: "flex", "align-items": "center", "justify-content": "center",
    position: "fixed", bottom: "20px", width: "60px", height: "60px", "border-radius": "50%",
    background: color, color: "#fff", "font-size": "28px", cursor: "pointer",
    "box-shadow": "0 4px 14px rgba(0,0,0,.3)", "z-index": "2147483001"
  });
  button.style.setProperty(side, "20px", "important");
  button.addEventListener("focus", function () { css(button, { outline: "3px solid #1a1a1a", "outline-offset": "3px" }); });
  button.addEventListener("blur", function () { button.style.removeProperty("outline"); });
  root.appendChild(button);

  var frame = null;
  var open = false;

  function layout() {
    if (!frame) return;
    var vv = window.visualViewport;
    var h = vv ? vv.height : window.innerHeight;
    var small = window.innerWidth <= 480 || h < 560; // phones, and 200% zoom

    if (small) {
      css(frame, { top: (vv ? vv.offsetTop : 0) + "px", bottom: "auto", left: "0", right: "0",
        width: "100vw", height: h + "px", "border-radius": "0" });
    } else {
      css(frame, { top: "auto", bottom: "92px", width: "400px", height: Math.min(640, h - 110) + "px",
        "border-radius": "12px" });
      frame.style.setProperty(side, "20px", "important");
      frame.style.setProperty(side === "left" ? "right" : "left", "auto", "important");
    }
  }

  function show(yes) {
    open = yes;
    button.setAttribute("aria-expanded", String(yes));
    if (yes && !frame) {
      frame = document.createElement("iframe");
      frame.title = title;
      frame.setAttribute("allow", "clipboard-write");
      var q = new URLSearchParams({ title: title, color: color, lang: lang, hotline: d.hotline || "" });
      frame.src = origin + "/widget/?" + q.toString();
      css(frame, { all: "initial", position: "fixed", border: "0", background: "#fff",
        "box-shadow": "0 8px 30px rgba(0,0,0,.3)", "z-index": "2147483002", display: "block" });
      root.appendChild(frame);
      layout();
    }
    if (frame) {
      css(frame, { display: yes ? "block" : "none" });
      if (yes) { layout(); frame.focus(); }
    }
    css(button, { display: yes && frame && frame.style.width === "100vw" ? "none" : "flex" });
    if (!yes) button.focus();
  }

  button.addEventListener("click", function () { show(!open); });
  window.addEventListener("message", function (e) {
    if (e.origin !== origin) return;
    if (e.data === "dvc-close") show(false);
  });
  window.addEventListener("resize", layout);
  if (window.visualViewport) window.visualViewport.addEventListener("resize", layout);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape" && open) show(false); });

  function mount() { document.body.appendChild(host); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
