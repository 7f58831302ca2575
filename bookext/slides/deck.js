/* A chapter's static deck (bookext/decks.py): reveal.js at projector size. Keys on a demo's
 * controls (a focused slider or menu) move the demo, not the deck. */
(function () {
  "use strict";
  function onDemoControl() {
    var active = document.activeElement;
    return !!(active && active.closest && active.closest(".nblib-demo-controls, input, select, textarea"));
  }
  // The deck is laid out at 1280x720 with no margin: at that screen size nothing is scaled, on a
  // larger screen everything grows. A slide's content must fit it (tests/test_decks_projection.py):
  // nothing shrinks a slide and nothing scrolls.
  Reveal.initialize({
    hash: true,
    width: 1280,
    height: 720,
    margin: 0,
    minScale: 1,
    center: false,
    transition: "none",
    keyboardCondition: function () { return !onDemoControl(); }
  });
  // equations change the height of their slides: lay the deck out again once they are typeset
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(function () { Reveal.layout(); });
  }
})();
