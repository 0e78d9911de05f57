(function () {
  "use strict";
  var body = document.body;
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  // Copy a full SHA-256 from the footer.
  function copied(btn, ok) {
    btn.textContent = ok ? "copied" : "select and copy";
    setTimeout(function () { btn.textContent = "copy"; }, 1500);
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest(".copy") : null;
    if (!btn) return;
    var value = btn.getAttribute("data-copy");
    var code = btn.previousElementSibling;
    try {
      navigator.clipboard.writeText(value).then(function () { copied(btn, true); }, function () {
        if (code) code.textContent = value;
        copied(btn, false);
      });
    } catch (e) {
      if (code) code.textContent = value;
      copied(btn, false);
    }
  });

  // Folded unchanged text inside a redline: click to unfold.
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest(".fold-btn") : null;
    if (!btn) return;
    btn.parentNode.classList.add("open");
    btn.setAttribute("aria-expanded", "true");
  });

  // A link into folded or filtered-out content opens the way to its target first.
  function reveal(target) {
    if (target.hidden || target.classList.contains("off") || (target.closest && target.closest("[hidden], .off"))) {
      show("all");
    }
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open && !el.classList.contains("menu")) el.open = true;
    }
  }
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) return;
    if (a.hasAttribute("data-show")) {
      ev.preventDefault();
      show(a.getAttribute("data-show"), a.getAttribute("href").slice(1));
      return;
    }
    var target = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (target) reveal(target);
  });

  var changes = $$(".chg");
  var sections = $$("section.sec");
  var menu = $("#filter-menu");
  if (!menu) return;  // trend and index pages: nothing more to wire

  // --- filters: which kinds of change are shown, or which status of section -----------------
  var boxes = $$("input[data-filter]");
  var labels = {};
  boxes.forEach(function (box) { labels[box.getAttribute("data-filter")] = box.parentNode.textContent.replace(/\s*\d+\s*$/, "").trim(); });
  var state = { off: {}, status: null };
  var chip = $("#clear-filter");
  var chipName = $("#filter-name");
  var autoOpened = [];

  function hasShown(sec) {
    return !!sec.querySelector(".chg:not(.off)");
  }

  function apply() {
    var kindFilter = Object.keys(state.off).some(function (k) { return state.off[k]; });
    var filtering = kindFilter || !!state.status;
    changes.forEach(function (el) { el.classList.toggle("off", !!state.off[el.getAttribute("data-f")]); });
    body.classList.toggle("filtering", filtering);
    autoOpened.forEach(function (d) { d.open = false; });
    autoOpened = [];
    sections.forEach(function (sec) {
      var show = true;
      if (state.status) show = sec.getAttribute("data-status") === state.status;
      else if (kindFilter) show = hasShown(sec);
      sec.hidden = !show;
      if (show && kindFilter) {
        var fold = sec.querySelector("details.sec-fold");
        if (fold && !fold.open) { fold.open = true; autoOpened.push(fold); }
      }
    });
    // a group heading stays while any section under it is shown
    sections.forEach(function (sec, i) {
      if (!filtering || !sec.classList.contains("grp") || !sec.hidden) return;
      var depth = +sec.getAttribute("data-depth");
      for (var j = i + 1; j < sections.length; j++) {
        if (+sections[j].getAttribute("data-depth") <= depth) break;
        if (!sections[j].hidden) { sec.hidden = false; break; }
      }
    });
    $$(".empty-note").forEach(function (note) {
      var list = $$("section.sec", note.parentNode);
      note.hidden = !filtering || list.some(function (s) { return !s.hidden; });
    });
    boxes.forEach(function (box) { box.checked = !state.off[box.getAttribute("data-filter")]; });
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return labels[b.getAttribute("data-filter")]; });
    if (chip) {
      chip.hidden = !filtering;
      chipName.textContent = state.status ? state.status + " sections" : on.join(", ") || "nothing";
    }
    updatePos(null);
  }

  // show("all") clears the filters; show("sec:added") only added sections; show("dropped-within") only that kind.
  function show(what, anchor) {
    if (!menu) return;
    state = { off: {}, status: null };
    if (what.indexOf("sec:") === 0) {
      state.status = what.slice(4);
    } else if (what !== "all") {
      boxes.forEach(function (b) {
        var key = b.getAttribute("data-filter");
        state.off[key] = key !== what;
      });
    }
    apply();
    var to = anchor ? document.getElementById(anchor) : null;
    if (!to && what !== "all") {
      to = (what === "sec:dropped" || what === "dropped-with") ? $("#removed") : $("#sections");
    }
    if (to) to.scrollIntoView({ block: "start" });
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      state.off[box.getAttribute("data-filter")] = !box.checked;
      state.status = null;
      apply();
    });
  });
  $$("button[data-show]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      menu.open = false;
      show(btn.getAttribute("data-show"));
    });
  });
  if (chip) chip.addEventListener("click", function () { show("all"); });

  // Everything open: unchanged and removed sections, folded sentences.
  var showAll = $("#show-all");
  if (showAll) {
    showAll.addEventListener("change", function () {
      $$("details.sec-fold, details.same").forEach(function (d) { d.open = showAll.checked; });
      autoOpened = [];
    });
  }

  // The menu closes on a click elsewhere or Escape.
  document.addEventListener("click", function (ev) {
    if (menu.open && !menu.contains(ev.target)) menu.open = false;
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && menu.open) { menu.open = false; menu.querySelector("summary").focus(); }
  });

  // Inline / side-by-side. The two columns are made from the inline redline when first asked
  // for (old: without the insertions, new: without the deletions), which keeps the page small.
  var toggle = $("#toggle-view");
  var built = false;
  function buildSideBySide() {
    var bar = $(".toolbar");
    var sides = [["old", "ins", bar.getAttribute("data-old")], ["new", "del", bar.getAttribute("data-new")]];
    $$(".chg .v-inline").forEach(function (inline) {
      var sbs = document.createElement("div");
      sbs.className = "v-sbs";
      sides.forEach(function (side) {
        var col = document.createElement("div");
        col.className = "col col-" + side[0];
        var cap = document.createElement("span");
        cap.className = "cap";
        cap.textContent = side[2];
        var text = inline.querySelector("p.rl").cloneNode(true);
        $$(side[1], text).forEach(function (e) { e.remove(); });
        col.appendChild(cap);
        col.appendChild(text);
        sbs.appendChild(col);
      });
      inline.parentNode.insertBefore(sbs, inline.nextSibling);
    });
    built = true;
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      if (!built) buildSideBySide();
      var on = !body.classList.contains("sbs");
      body.classList.toggle("sbs", on);
      toggle.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  // --- n / p: next / previous visible change --------------------------------------------------
  var pos = $("#change-pos");

  // (the text of a closed <details> keeps its layout box in Chromium: ask for visibility itself)
  function visible(el) {
    return el.checkVisibility ? el.checkVisibility() : el.offsetParent !== null;
  }

  function updatePos(idx) {
    if (!pos) return;
    var shown = changes.filter(visible);
    var at = idx === null ? -1 : shown.indexOf(changes[idx]);
    pos.textContent = (at < 0 ? "–" : String(at + 1)) + " / " + shown.length;
  }

  // Not on a change (page start, after a contents link): start from what is on screen.
  function fromViewport(step) {
    var bar = $(".toolbar");
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

  var next = $("#next-change");
  var prev = $("#prev-change");
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
  var toc = $(".toc");
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
