/* Static slider demos of the nblib book: swap pre-rendered frames as the reader moves a control.
 * Each demo is a <div data-nblib-demo> written by nblib.sliders.Demo.static_html(); its frames,
 * readouts and alt texts sit in a <script type="application/json" class="nblib-demo-data">. */
(function () {
  "use strict";

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.nblib-demo-data").textContent);
    var img = root.querySelector("img.nblib-demo-figure");
    var readout = root.querySelector(".nblib-demo-readout");
    var controls = Array.prototype.slice.call(root.querySelectorAll("[data-axis]"));
    // Decode every frame once up front, so that a step only swaps an already decoded image.
    data.frames.forEach(function (src) {
      var im = new Image();
      im.src = src;
      if (im.decode) { im.decode().catch(function () {}); }
    });

    function update() {
      var k = 0;
      controls.forEach(function (el, axis) {
        var i = parseInt(el.value, 10);
        k = k * data.shape[axis] + i;
        if (el.type === "range") {
          var text = data.labels[axis][i];
          el.setAttribute("aria-valuetext", text);
          var out = root.querySelector('output[for="' + el.id + '"]');
          if (out) { out.textContent = text; }
        }
      });
      img.src = data.frames[data.frame_of[k]];
      img.alt = data.alts[k];
      readout.textContent = data.readouts[k];
      root.setAttribute("data-frame", String(k));
    }

    controls.forEach(function (el) {
      el.addEventListener("input", update);
      el.addEventListener("change", update);
    });
    root.setAttribute("data-ready", "1");
  }

  function setupAll() {
    document.querySelectorAll("[data-nblib-demo]").forEach(function (root) {
      if (!root.hasAttribute("data-ready")) { setup(root); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
