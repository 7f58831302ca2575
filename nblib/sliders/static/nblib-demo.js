/* Static slider demos of the nblib book: replay vector frames as the reader moves a control.
 * Each demo is a <div data-nblib-demo> written by nblib.sliders.static_html. Two scripts:
 *   .nblib-demo-data   JSON {shape, values, labels, readouts, alts} (grid order, last control fastest;
 *       readouts and alts a list or {templates, rows}, see texts() below)
 *   .nblib-demo-frames base64 of raw-DEFLATE JSON {viewBox, defs, background, parts, frames}: SVG
 *       markup of the figure's background and of the artists that change; frames[k] lists the
 *       parts of grid point k.
 * A part is parsed into a <g> once, on first use; a step only swaps those <g> elements.
 *
 * This one file works two ways. The book page loads it (deferred): it starts every demo of the
 * page. A demo's fragment also carries it inline, as its last script (static_html.py reads this
 * file), for pages that do not load it, such as a RISE deck showing the fragment in place of the
 * ipywidgets widget: there it starts the demo it sits in, when the output is inserted. The
 * driver is defined once per page (window.nblibDemo) and a demo is started once, however many
 * copies of this file run. */
(function () {
  "use strict";
  var here = document.currentScript, own = here && here.closest ? here.closest("[data-nblib-demo]") : null;
  var driver = window.nblibDemo || (window.nblibDemo = define());
  if (own) { driver.setup(own); } else { driver.setupAll(); }

  function define() {
    var SVG = "http://www.w3.org/2000/svg";

    function group(markup) {
      var g = document.createElementNS(SVG, "g");
      g.innerHTML = markup;
      return g;
    }

    function inflate(text) {
      var bin = atob(text.trim()), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      return new Response(stream).text().then(JSON.parse);
    }

    // Readouts and alt texts: a plain list, or templates filled with each frame's numbers
    // ({"templates": ["c = {}: ..."], "rows": ["0|0.50|..."]}, see nblib.sliders.static_html.compact_texts).
    function texts(stored) {
      if (Array.isArray(stored)) { return function (k) { return stored[k]; }; }
      return function (k) {
        var numbers = stored.rows[k].split("|"), i = 1;
        return stored.templates[+numbers[0]].replace(/\{\}/g, function () { return numbers[i++]; });
      };
    }

    function setup(root) {
      if (root.nblibStarted) { return; }  // started by another copy of this file
      root.nblibStarted = true;
      var data = JSON.parse(root.querySelector("script.nblib-demo-data").textContent);
      inflate(root.querySelector("script.nblib-demo-frames").textContent).then(function (vec) {
        start(root, data, vec);
      });
    }

    function start(root, data, vec) {
      var readoutOf = texts(data.readouts), altOf = texts(data.alts);
      var svg = root.querySelector("svg.nblib-demo-figure");
      var readout = root.querySelector(".nblib-demo-readout");
      var controls = Array.prototype.slice.call(root.querySelectorAll("[data-axis]"));
      var defs = document.createElementNS(SVG, "defs");
      defs.innerHTML = vec.defs;
      var front = document.createElementNS(SVG, "g");
      front.setAttribute("class", "nblib-demo-front");
      svg.replaceChildren(defs, group(vec.background), front);
      var nodes = new Array(vec.parts.length);

      function part(i, used) {
        if (!nodes[i]) { nodes[i] = group(vec.parts[i]); }
        // the same part twice in one frame: the second is a copy (a node has one place)
        return used.indexOf(i) >= 0 ? nodes[i].cloneNode(true) : nodes[i];
      }

      function show(k) {
        var used = [], children = [];
        vec.frames[k].forEach(function (i) { children.push(part(i, used)); used.push(i); });
        front.replaceChildren.apply(front, children);
        svg.setAttribute("aria-label", altOf(k));
        readout.textContent = readoutOf(k);
        root.setAttribute("data-frame", String(k));
      }

      // The grid point of the controls' positions (the last control varies fastest).
      function frameOf(position) {
        return controls.reduce(function (k, el, axis) { return k * data.shape[axis] + position(el); }, 0);
      }

      function update() {
        controls.forEach(function (el, axis) {
          if (el.type === "range") {
            var text = data.labels[axis][parseInt(el.value, 10)];
            el.setAttribute("aria-valuetext", text);
            var out = root.querySelector('output[for="' + el.id + '"]');
            if (out) { out.textContent = text; }
          }
        });
        show(frameOf(function (el) { return parseInt(el.value, 10); }));
      }

      controls.forEach(function (el) {
        el.addEventListener("input", update);
        el.addEventListener("change", update);
      });
      update();
      root.nblibShow = show;  // for tests and benchmarks: draw grid point k directly
      // On paper the demo shows the frame the page opened with (the controls' default values),
      // whatever the reader moved; the reader's frame comes back after printing.
      var opening = frameOf(function (el) {
        var i = el.type === "range" ? parseInt(el.defaultValue, 10) : 0;
        if (el.options) {
          for (var j = 0; j < el.options.length; j++) { if (el.options[j].defaultSelected) { i = j; } }
        }
        return i;
      });
      root.nblibPrint = function (printing) { if (printing) { show(opening); } else { update(); } };
      root.setAttribute("data-ready", "1");
    }

    function setupAll() {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setupAll);
        return;
      }
      document.querySelectorAll("[data-nblib-demo]").forEach(setup);
    }

    // Printing (the browser's Print, or print media emulated by a test): every demo's default frame.
    function printing(on) {
      document.querySelectorAll("[data-nblib-demo]").forEach(function (root) {
        if (root.nblibPrint) { root.nblibPrint(on); }
      });
    }
    window.addEventListener("beforeprint", function () { printing(true); });
    window.addEventListener("afterprint", function () { printing(window.matchMedia("print").matches); });
    window.matchMedia("print").addEventListener("change", function (e) { printing(e.matches); });

    return {setup: setup, setupAll: setupAll};
  }
})();
