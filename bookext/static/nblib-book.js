/* The book's own script (loaded on every page by bookext.assets, deferred).
 *
 * 1. The sidebar buttons work (workaround 6 of bookext/compat.py: pydata-sphinx-theme#2451,
 *    sphinx-book-theme#988). The page has two buttons of class .primary-toggle (the theme's own,
 *    hidden in the top bar, and the book theme's ☰ in the article header), and both themes bind
 *    only the first that document.querySelector finds: ☰ opened no drawer on a phone and hid no
 *    sidebar on a desktop. A click on any other .primary-toggle or .secondary-toggle is handed to
 *    the bound one, so the themes' own code runs (the drawer on a phone, the sidebar folded
 *    away on a desktop). Upstream's fix makes this a no-op: there is then only one button left.
 * 2. A header button drops its focus after a click, so its tooltip does not stay up over the
 *    next button (nblib-book.css shows no tooltips at all on touch screens).
 * 3. Wide content never reads as complete when it is not: a display equation that is wider than
 *    the column is first set smaller (down to MIN_MATH_SCALE), and only if it still does not fit
 *    it scrolls sideways, with its number on a line of its own and a visible cue (class
 *    nblib-scroll: edge shadows and a scrollbar, nblib-book.css); code blocks, tables and
 *    figures wider than their column get the same cue. A scrolling block is focusable (the
 *    arrow keys scroll it) and says so to screen readers. */
(() => {
  "use strict";

  const MIN_MATH_SCALE = 0.8;

  /* 1. The sidebar buttons */
  const forwardToggles = () => {
    for (const selector of [".primary-toggle", ".secondary-toggle"]) {
      const bound = document.querySelector(selector);
      if (!bound) continue;
      for (const button of document.querySelectorAll(selector)) {
        if (button === bound || button.dataset.nblibForward) continue;
        button.dataset.nblibForward = "1";
        button.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopImmediatePropagation();
          bound.click();
          button.blur();
        }, true);
      }
    }
  };

  /* 2. No tooltip left standing after a click */
  const blurAfterClick = () => {
    const buttons = ".bd-header-article button, .bd-header-article .btn, .bd-header button, .theme-switch-button, .search-button";
    for (const button of document.querySelectorAll(buttons)) {
      button.addEventListener("click", () => {
        setTimeout(() => button.blur(), 0);
        if (window.bootstrap && bootstrap.Tooltip) {
          const tip = bootstrap.Tooltip.getInstance(button);
          if (tip) tip.hide();
        }
      });
    }
  };

  /* 3. Wide content: fit it, or show that it scrolls */
  const overflows = (el) => el.scrollWidth > el.clientWidth + 1;

  const SCROLL_ATTRIBUTES = ["tabindex", "role", "aria-label"];
  const markScroll = (el, label, wide = overflows(el)) => {
    el.classList.toggle("nblib-scroll", wide);
    if (wide && !el.dataset.nblibScroll) {  // keep what the element had (MathJax's tabindex), to restore
      el.dataset.nblibScroll = JSON.stringify(SCROLL_ATTRIBUTES.map((a) => el.getAttribute(a)));
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", `${label}, wider than the page: scroll sideways`);
    } else if (!wide && el.dataset.nblibScroll) {
      JSON.parse(el.dataset.nblibScroll).forEach((v, k) => {
        if (v === null) el.removeAttribute(SCROLL_ATTRIBUTES[k]); else el.setAttribute(SCROLL_ATTRIBUTES[k], v);
      });
      delete el.dataset.nblibScroll;
    }
    return wide;
  };

  /* The theme lays a display equation out as a row (pydata-sphinx-theme: div.math is a flex row,
   * its number on the right, the equation in an mjx-container that scrolls on its own). */
  const fitEquation = (div) => {
    const math = div.querySelector("mjx-container");
    if (!math) return;
    const inner = math.querySelector("mjx-math") || math;
    const number = div.querySelector(".eqno");
    const setScale = (scale) => { math.style.fontSize = scale < 1 ? `${Math.floor(scale * 1000) / 10}%` : ""; };
    const width = () => inner.getBoundingClientRect().width;
    const tryFit = (room) => {  // at full size, else smaller down to MIN_MATH_SCALE
      setScale(1);
      const full = width();
      if (full <= room + 0.5) return true;
      setScale(Math.max(MIN_MATH_SCALE, (room - 2) / full));
      return width() <= room + 0.5;
    };
    div.classList.remove("nblib-eq-wide");
    const gap = parseFloat(getComputedStyle(div).columnGap) || 0;
    const beside = div.clientWidth - (number ? number.offsetWidth + gap : 0) - 2;
    if (!(beside > 0 && tryFit(beside)) && number) {
      div.classList.add("nblib-eq-wide");  // the number on a line of its own, above at the right
      tryFit(div.clientWidth - 2);
    }
    markScroll(math, "equation");  // what still does not fit scrolls, with the cue
  };

  const WIDE = [
    ["div.highlight > pre", "code"],
    [".pst-scrollable-table-container, .table-wrapper, table.table", "table"],
    ["figure, .cell_output .output", "figure"],
    ["dl.py > dt.sig", "signature"],
  ];

  const layout = () => {
    document.querySelectorAll("div.math").forEach(fitEquation);
    for (const [selector, label] of WIDE) document.querySelectorAll(selector).forEach((el) => markScroll(el, label));
  };

  let pending = null;
  const relayout = () => {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => { pending = null; layout(); });
  };

  const start = () => {
    forwardToggles();
    blurAfterClick();
    layout();
    window.addEventListener("resize", relayout);
    window.addEventListener("load", relayout);
    if (document.fonts) document.fonts.ready.then(relayout);
    const mathjax = () => window.MathJax && MathJax.startup && MathJax.startup.promise;
    if (mathjax()) mathjax().then(relayout);
    else window.addEventListener("load", () => { if (mathjax()) mathjax().then(relayout); });
    window.nblibLayout = layout;  // for the browser tests
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
