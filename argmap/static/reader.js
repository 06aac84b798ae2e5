// argmap reader: the essay beside its map. Hand-written, no framework, no build step.
// Everything shown from the document goes in through textContent, never as markup.
(function () {
  "use strict";

  var $ = function (id) { return document.getElementById(id); };
  var mapBox = $("map"), essay = $("essay"), essayText = $("essay-text"), panel = $("panel");
  var search = $("search"), searchCount = $("search-count"), evaluation = $("evaluation");
  var other = $("other-map"), errors = $("errors");
  var VERBS = { support: "supports", attack: "attacks", undercut: "undercuts" };

  var data, statements, byId, byElement, segmentsOf;
  var selected = null, hovered = null, query = "";

  // --- data ------------------------------------------------------------------

  function load(json) {
    data = JSON.parse(json);
    statements = data.statements;
    byId = new Map();
    byElement = new Map();
    statements.forEach(function (s, i) { s.index = i; byId.set(s.id, s); byElement.set(s.el, s); });
    segmentsOf = statements.map(function () { return []; });
    essayText.querySelectorAll(".seg").forEach(function (seg) {
      var owners = seg.getAttribute("data-s").split(" ").map(Number);
      seg.argmapOwners = owners;
      var kind = statements[owners[0]] && statements[owners[0]].kind;
      if (kind) seg.classList.add("k-" + kind);
      owners.forEach(function (i) { if (segmentsOf[i]) segmentsOf[i].push(seg); });
    });
    statements.forEach(function (s, i) {
      var first = segmentsOf[i][0];
      if (first) { first.tabIndex = -1; }
    });
  }

  function nodeOf(i) { return i === null ? null : document.getElementById(statements[i].el); }
  function svg() { return mapBox.querySelector("svg"); }
  function indexOfNode(el) {
    var g = el && el.closest ? el.closest("g.statement") : null;
    if (!g || !mapBox.contains(g)) return null;
    var s = byElement.get(g.id);
    return s ? s.index : null;
  }
  function indexOfSegment(el) {
    var seg = el && el.closest ? el.closest(".seg") : null;
    return seg && seg.argmapOwners && essay.contains(seg) ? seg.argmapOwners[0] : null;
  }

  // --- map: layout, zoom and pan ---------------------------------------------
  // The SVG keeps Graphviz's viewBox, fitted to the map's box; zoom and pan are a CSS
  // transform on it, which the browser repaints without laying out the map again
  // (changing the viewBox of a 1,000-statement map costs a third of a second).

  var view = { k: 1, x: 0, y: 0 }, fitted = true, MAX_ZOOM = 60;

  function prepareMap() {
    var root = svg();
    if (!root) return;
    root.removeAttribute("width");
    root.removeAttribute("height");
    root.setAttribute("preserveAspectRatio", "xMidYMid meet");
    root.querySelectorAll("g.statement").forEach(function (g) {
      var i = indexOfNode(g);
      if (i === null) return;
      g.setAttribute("tabindex", "0");
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", statements[i].kind + ": " + (statements[i].label || statements[i].id));
    });
    if (fitted) fit(); else setView(view);
  }

  function setView(v) {
    view = { k: v.k, x: v.x, y: v.y };
    var root = svg();
    if (root) root.style.transform = "translate(" + view.x + "px, " + view.y + "px) scale(" + view.k + ")";
  }

  function fit() { fitted = true; setView({ k: 1, x: 0, y: 0 }); }

  // zoom by `factor` around the point (px, py) of the map's box (default: its centre)
  function zoom(factor, px, py) {
    var k = Math.min(Math.max(view.k * factor, 0.5), MAX_ZOOM), f = k / view.k;
    if (px === undefined) { px = mapBox.clientWidth / 2; py = mapBox.clientHeight / 2; }
    fitted = false;
    setView({ k: k, x: px - (px - view.x) * f, y: py - (py - view.y) * f });
  }

  function centre(i) {
    var g = nodeOf(i);
    if (!g || !svg()) return;
    var box = mapBox.getBoundingClientRect(), r = g.getBoundingClientRect();
    var cx = r.left + r.width / 2 - box.left, cy = r.top + r.height / 2 - box.top;
    if (r.width < 90) {  // too small to read: zoom in around it first
      var f = Math.min(130 / Math.max(r.width, 1), MAX_ZOOM / view.k);
      zoom(f, cx, cy);
    }
    fitted = false;
    setView({ k: view.k, x: view.x + box.width / 2 - cx, y: view.y + box.height / 2 - cy });
  }

  var drag = null, dragged = false;
  mapBox.addEventListener("wheel", function (e) {
    if (!svg()) return;
    e.preventDefault();
    var box = mapBox.getBoundingClientRect();
    zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  mapBox.addEventListener("pointerdown", function (e) {
    if (e.button !== 0 || !svg()) return;
    drag = { x: e.clientX, y: e.clientY, view: view };
    dragged = false;
  });
  window.addEventListener("pointermove", function (e) {
    if (!drag) return;
    var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
    dragged = true;
    fitted = false;
    setView({ k: drag.view.k, x: drag.view.x + dx, y: drag.view.y + dy });
  });
  window.addEventListener("pointerup", function () { drag = null; });
  $("zoom-in").addEventListener("click", function () { zoom(1.25); });
  $("zoom-out").addEventListener("click", function () { zoom(1 / 1.25); });
  $("zoom-fit").addEventListener("click", fit);

  // --- highlighting ----------------------------------------------------------

  function mark(i, name, on) {
    if (i === null || !statements[i]) return;
    var g = nodeOf(i);
    if (g) g.classList.toggle(name, on);
    segmentsOf[i].forEach(function (seg) { seg.classList.toggle(name, on); });
  }

  function showInEssay(i, how) {
    var first = segmentsOf[i] && segmentsOf[i][0];
    if (first) first.scrollIntoView({ block: how, inline: "nearest" });
  }

  function hover(i) {
    if (i === hovered) return;
    mark(hovered, "hover", false);
    hovered = i;
    mark(hovered, "hover", true);
    if (i !== null && i !== selected) showInEssay(i, "nearest");
  }

  function select(i, from) {
    mark(selected, "selected", false);
    selected = i;
    mark(selected, "selected", true);
    document.body.classList.toggle("has-selection", i !== null);
    showPanel();
    if (i === null) return;
    if (from !== "essay") showInEssay(i, "center");
    if (from !== "map") centre(i);
  }

  // --- the panel: what `argmap query --claim` says -----------------------------

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function ref(id) {
    var s = byId.get(id);
    if (!s) return el("span", "ref", [id]);
    var button = el("button", "ref k-" + s.kind, [s.label || s.id]);
    button.type = "button";
    button.title = s.kind + " " + s.id;
    button.addEventListener("click", function () { select(s.index, "panel"); });
    return button;
  }

  function statusTag(status) { return el("span", "status st-" + status, [status.toUpperCase()]); }

  function tree(entries) {
    var list = el("ul", "tree");
    entries.forEach(function (entry) {
      var sign = entry.relation === "support" ? "+ " : "\u2212 ";
      var item = el("li", entry.relation, [sign, ref(entry.id)]);
      if (entry.link) item.appendChild(el("span", "note", [" together (&" + entry.link + ")"]));
      if (entry.relation === "undercut" && entry.step) {
        // [premise, target], or [u, ..., premise, target] when it undercuts u's undercut of that step
        var step = entry.step, undercut = step.slice(0, -2).map(function (u) { return u + "\u2019s undercut of "; }).join("");
        item.appendChild(el("span", "note", [" undercuts " + undercut + "the step " + step[step.length - 2] + " \u2192 " + step[step.length - 1]]));
      }
      if (entry.cycle) item.appendChild(el("span", "note", [" (cycle)"]));
      else if (entry.repeated) item.appendChild(el("span", "note", [" (shown above)"]));
      else if (entry.deeper) item.appendChild(el("span", "note", [" (more below)"]));
      var below = (entry.supports || []).concat(entry.attacks || []);
      if (below.length) item.appendChild(tree(below));
      list.appendChild(item);
    });
    return list;
  }

  function names(entries) {
    var span = el("span");
    entries.forEach(function (entry, n) {
      if (n) span.appendChild(document.createTextNode(", "));
      span.appendChild(byId.has(entry.id) ? ref(entry.id) : el("span", "ref", [entry.label || entry.id]));
    });
    return span;
  }

  function showPanel() {
    panel.replaceChildren();
    if (selected === null) {
      panel.appendChild(el("p", "hint", ["Select a statement on the map or in the essay (Tab moves through the statements, Enter selects, Esc clears)."]));
      return;
    }
    var s = statements[selected], ev = data.evaluation;
    panel.appendChild(el("h2", null, [s.label || s.id]));
    panel.appendChild(el("p", "meta", [el("span", "kind k-" + s.kind, [s.kind]), " " + s.id +
      (s.weight !== null && s.weight !== undefined ? ", weight " + s.weight : "") + (s.implicit ? " (implicit: never written in the essay)" : "") +
      (s.section ? " \u00b7 " + s.section : "") + (s.line ? " \u00b7 line " + s.line : "")]));
    if (s.text && s.text !== s.label) panel.appendChild(el("blockquote", null, [s.text]));
    panel.appendChild(el("p", "verdict", ["Status ", statusTag(s.status), " (" + ev.semantics + ")  Strength " +
      s.strength.toFixed(3) + " (" + ev.gradual + (s.base !== null && s.base !== undefined ? ", base " + s.base : "") + ")"]));
    var why = s.why;
    if (why.defeated_by.length) panel.appendChild(el("p", "why", ["Defeated (grounded) by: ", names(why.defeated_by)]));
    if (why.undecided_attackers.length) panel.appendChild(el("p", "why", ["Undecided attackers: ", names(why.undecided_attackers)]));
    why.answered.forEach(function (a) {
      panel.appendChild(el("p", "why", ["Attacker ", names([a]), " is answered by: ", names(a.defeated_by)]));
    });
    if (!why.defeated_by.length && !why.undecided_attackers.length && !why.answered.length) {
      panel.appendChild(el("p", "why", ["Nothing attacks it, directly or through what it rests on."]));
    }
    panel.appendChild(el("h3", null, ["Supported by"]));
    panel.appendChild(s.supports.length ? tree(s.supports) : el("p", "none", [s.kind === "evidence" ? "nothing (evidence stands on its own)" : "nothing"]));
    panel.appendChild(el("h3", null, ["Attacked by"]));
    panel.appendChild(s.attacks.length ? tree(s.attacks) : el("p", "none", ["nothing"]));
    panel.appendChild(el("h3", null, ["Leads to"]));
    if (!s.leads_to.length) {
      panel.appendChild(el("p", "none", [s.kind === "thesis" ? "it is itself a thesis" : "no thesis: it bears on no main conclusion"]));
    }
    var chains = el("ol", "chains");
    s.leads_to.forEach(function (chain) {
      var item = el("li");
      chain.forEach(function (step) {
        item.appendChild(ref(step[0]));
        if (step[1]) item.appendChild(el("span", "arrow " + step[1], [" " + (VERBS[step[1]] || step[1]) + " \u2192 "]));
      });
      chains.appendChild(item);
    });
    if (s.leads_to.length) panel.appendChild(chains);
    if (s.leads_to_truncated) panel.appendChild(el("p", "none", ["\u2026 and longer chains"]));
  }

  // --- search ------------------------------------------------------------------

  function matches() {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return statements.map(function (s) {
      var hay = ((s.label || "") + " " + (s.text || "") + " " + s.id).toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    });
  }

  function applySearch() {
    var found = query ? matches() : null, count = 0;
    statements.forEach(function (s, i) {
      var dim = found !== null && !found[i];
      if (!dim && found) count++;
      var g = nodeOf(i);
      if (g) g.classList.toggle("dim", dim);
    });
    essayText.querySelectorAll(".seg").forEach(function (seg) {
      seg.classList.toggle("dim", found !== null && !seg.argmapOwners.some(function (i) { return found[i]; }));
    });
    document.body.classList.toggle("searching", found !== null);
    searchCount.textContent = found ? count + " of " + statements.length : "";
    return found;
  }

  search.addEventListener("input", function () { query = search.value.trim(); applySearch(); });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      var found = applySearch();
      var first = found ? found.indexOf(true) : -1;
      if (first >= 0) select(first, "search");
    }
  });

  // --- the evaluation switch -------------------------------------------------------

  function swapMaps() {
    var shown = svg(), hidden = other.content.querySelector("svg");
    if (!hidden) return;
    other.content.replaceChildren(shown);
    mapBox.replaceChildren(document.adoptNode(hidden));
    afterMapChange();
  }

  function afterMapChange() {
    prepareMap();
    mark(selected, "selected", true);
    mark(hovered, "hover", true);
    applySearch();
    if (selected !== null) centre(selected);
  }

  evaluation.addEventListener("change", function () {
    data.evaluated = evaluation.checked;
    document.body.classList.toggle("evaluated", evaluation.checked);
    swapMaps();
  });

  // --- pointer and keyboard ------------------------------------------------------

  mapBox.addEventListener("click", function (e) {
    if (dragged) { dragged = false; return; }
    var i = indexOfNode(e.target);
    select(i === selected ? null : i, "map");
  });
  mapBox.addEventListener("pointerover", function (e) { hover(indexOfNode(e.target)); });
  mapBox.addEventListener("pointerleave", function () { hover(null); });
  mapBox.addEventListener("focusin", function (e) { hover(indexOfNode(e.target)); });
  mapBox.addEventListener("keydown", function (e) {
    var i = indexOfNode(e.target);
    if ((e.key === "Enter" || e.key === " ") && i !== null) { e.preventDefault(); select(i, "keyboard"); }
  });
  essay.addEventListener("click", function (e) {
    var i = indexOfSegment(e.target);
    if (i !== null) select(i, "essay");
  });
  essay.addEventListener("pointerover", function (e) {
    var i = indexOfSegment(e.target);
    mark(hovered, "hover", false);
    hovered = i;
    mark(hovered, "hover", true);
  });
  document.addEventListener("keydown", function (e) {
    var typing = e.target === search;
    if (e.key === "Escape") {
      if (typing && search.value) { search.value = ""; query = ""; applySearch(); }
      else select(null);
    } else if (!typing && (e.key === "+" || e.key === "=")) zoom(1.25);
    else if (!typing && e.key === "-") zoom(1 / 1.25);
    else if (!typing && e.key === "0") fit();
    else if (!typing && e.key === "/") { e.preventDefault(); search.focus(); }
  });

  // --- live preview (argmap serve) -------------------------------------------------

  function showErrors(lines) {
    errors.replaceChildren();
    if (lines.length) errors.appendChild(el("pre", null, [lines.join("\n")]));
    errors.hidden = !lines.length;
    document.body.classList.toggle("stale", lines.length > 0);
  }

  function replaceFrom(next) {
    var keepId = selected === null ? null : statements[selected].id;
    var scroll = essay.scrollTop;
    var nextEssay = next.getElementById("essay"), nextMap = next.getElementById("map");
    essay.replaceChildren.apply(essay, Array.from(nextEssay.childNodes).map(function (n) { return document.adoptNode(n); }));
    essayText = $("essay-text");
    var evaluated = evaluation.checked;
    mapBox.replaceChildren.apply(mapBox, Array.from(nextMap.childNodes).map(function (n) { return document.adoptNode(n); }));
    other.content.replaceChildren.apply(other.content, Array.from(next.getElementById("other-map").content.childNodes).map(function (n) { return document.adoptNode(n); }));
    $("argmap-data").textContent = next.getElementById("argmap-data").textContent;
    document.title = next.title;
    load($("argmap-data").textContent);
    selected = keepId !== null && byId.has(keepId) ? byId.get(keepId).index : null;
    hovered = null;
    if (evaluated !== data.evaluated) { swapMaps(); data.evaluated = evaluated; }
    prepareMap();
    mark(selected, "selected", true);
    applySearch();
    showPanel();
    essay.scrollTop = scroll;
  }

  function follow() {
    var version = data.live.version, busy = false;
    var source = new EventSource("events");
    source.addEventListener("error", function () {  // the browser retries on its own; the next message clears this
      showErrors(["argmap serve is not answering (stopped?): this is the last map it sent."]);
    });
    source.addEventListener("message", function (e) {
      var state = JSON.parse(e.data);
      showErrors(state.errors || []);
      if (state.version === version || busy) return;
      busy = true;
      fetch("./", { cache: "no-store" }).then(function (r) { return r.text(); }).then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html");
        replaceFrom(next);
        version = data.live.version;
      }).catch(function (err) { showErrors(["argmap serve: " + err]); }).finally(function () { busy = false; });
    });
  }

  // --- start -------------------------------------------------------------------------

  load($("argmap-data").textContent);
  document.body.classList.toggle("evaluated", !!data.evaluated);
  document.body.classList.add("ready");
  prepareMap();
  if (data.live) follow();
  performance.mark("argmap-ready");

})();
