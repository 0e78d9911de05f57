(function () {
  "use strict";
  var body = document.body;

  // Folded unchanged text: click to unfold.
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest(".fold-btn") : null;
    if (!btn) return;
    btn.parentNode.classList.add("open");
    btn.setAttribute("aria-expanded", "true");
  });

  var changes = Array.prototype.slice.call(document.querySelectorAll(".chg"));
  if (!changes.length && !document.getElementById("toggle-view")) return;

  // Filters by change kind.
  var boxes = document.querySelectorAll("input[data-filter]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.addEventListener("change", function () {
      body.classList.toggle("hide-" + box.getAttribute("data-filter"), !box.checked);
      updatePos(null);
    });
  });
  var unchanged = document.getElementById("show-unchanged");
  if (unchanged) {
    unchanged.addEventListener("change", function () {
      body.classList.toggle("hide-unchanged", !unchanged.checked);
    });
  }

  // Inline / side-by-side.
  var toggle = document.getElementById("toggle-view");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var on = !body.classList.contains("sbs");
      body.classList.toggle("sbs", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  // n / p: next / previous visible change.
  var pos = document.getElementById("change-pos");

  function visible(el) {
    return el.offsetParent !== null;
  }

  function updatePos(idx) {
    if (!pos) return;
    var shown = changes.filter(visible);
    var at = idx === null ? -1 : shown.indexOf(changes[idx]);
    pos.textContent = (at < 0 ? "–" : String(at + 1)) + " / " + shown.length;
  }

  // Not on a change (page start, after a contents link): start from what is on screen.
  function fromViewport(step) {
    var bar = document.querySelector(".toolbar");
    var top = bar ? bar.getBoundingClientRect().bottom : 0;
    if (step > 0) {
      for (var k = 0; k < changes.length; k++) {
        if (visible(changes[k]) && changes[k].getBoundingClientRect().top >= top - 1) return k - 1;
      }
      return changes.length - 1;
    }
    for (var j = changes.length - 1; j >= 0; j--) {
      if (visible(changes[j]) && changes[j].getBoundingClientRect().bottom <= top + 1) return j + 1;
    }
    return 0;
  }

  function go(step) {
    if (!changes.length) return;
    var from = changes.indexOf(document.activeElement);
    if (from < 0) from = fromViewport(step);
    var i = from;
    for (var n = 0; n < changes.length; n++) {
      i += step;
      if (i < 0 || i >= changes.length) return;
      if (visible(changes[i])) break;
    }
    if (i < 0 || i >= changes.length || !visible(changes[i])) return;
    changes[i].focus({ preventScroll: true });
    changes[i].scrollIntoView({ block: "center" });
    updatePos(i);
  }

  var next = document.getElementById("next-change");
  var prev = document.getElementById("prev-change");
  if (next) next.addEventListener("click", function () { go(1); });
  if (prev) prev.addEventListener("click", function () { go(-1); });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    var tag = t && t.tagName ? t.tagName.toLowerCase() : "";
    if (tag === "input" && t.type !== "checkbox" || tag === "textarea" || tag === "select" || (t && t.isContentEditable)) return;
    if (ev.key === "n") { ev.preventDefault(); go(1); }
    else if (ev.key === "p") { ev.preventDefault(); go(-1); }
  });

  // Keep the contents column on the section being read.
  var toc = document.querySelector(".toc");
  var here = null;
  function follow(el) {
    var sec = el.closest("section.sec");
    var link = sec && toc ? toc.querySelector('a[href="#' + sec.id + '"]') : null;
    if (!link || link === here) return;
    if (here) here.removeAttribute("aria-current");
    here = link;
    link.setAttribute("aria-current", "location");
    if (toc.scrollHeight > toc.clientHeight) {
      toc.scrollTop = Math.max(0, link.offsetTop - toc.clientHeight / 2);
    }
  }

  changes.forEach(function (el, i) {
    el.addEventListener("focus", function () { updatePos(i); follow(el); });
  });
  // (no layout work at load: the position counter is filled in on the server)
})();
