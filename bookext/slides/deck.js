/* A chapter's static deck (bookext/decks.py): reveal.js at projector size. Keys on a demo's
 * controls (a focused slider or menu) move the demo, not the deck. */
(function () {
  "use strict";
  function onDemoControl() {
    var active = document.activeElement;
    return !!(active && active.closest && active.closest(".nblib-demo-controls, input, select, textarea"));
  }
  Reveal.initialize({
    hash: true,
    width: 1280,
    height: 720,
    margin: 0.04,
    center: false,
    transition: "none",
    keyboardCondition: function () { return !onDemoControl(); }
  });
  // A slide taller than the screen shrinks to fit (down to half size; below that it scrolls),
  // so that a demo under a long introduction still shows its figure and its controls.
  function fit(slide) {
    if (!slide) { return; }
    slide.style.zoom = "";
    var over = function () { return slide.scrollHeight > slide.clientHeight + 1; };
    if (!over()) { return; }
    var low = 0.5, high = 1;
    for (var i = 0; i < 7; i++) {
      slide.style.zoom = String((low + high) / 2);
      if (over()) { high = (low + high) / 2; } else { low = (low + high) / 2; }
    }
    slide.style.zoom = String(low);
  }
  function fitCurrent() { fit(Reveal.getCurrentSlide()); }
  Reveal.on("ready", fitCurrent);
  Reveal.on("slidechanged", fitCurrent);
  Reveal.on("resize", fitCurrent);
  // equations change the height of their slides: lay the deck out again once they are typeset
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(function () { Reveal.layout(); fitCurrent(); });
  }
})();
