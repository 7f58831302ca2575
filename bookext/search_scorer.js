/* The book's search: Sphinx's searchtools.js, tuned (conf: html_search_scorer, which Sphinx
 * inlines into _static/language_data.js, loaded after searchtools.js on every page).
 *
 * 1. Ranking: the API reference (book/api) lists every function whose name holds a word
 *    ("softmax" names eight), and Sphinx gives an object match more than a chapter's title
 *    match. A reader searching a word wants the chapter that teaches it first: results on the
 *    API page keep their order among themselves but come after the chapters'.
 * 2. Snippets: Sphinx takes a result's snippet from the text of the page's main element, which
 *    in this theme starts with the header's buttons and download menu, and holds equations as
 *    raw TeX ("\(\hat y - y\)"). The snippet is taken from the article alone, without buttons,
 *    folded-code labels or navigation, and with its equations in plain symbols ("ŷ - y"). */
"use strict";

const NBLIB_API_PAGE = "book/api";
const NBLIB_API_PENALTY = 100;

Scorer.score = (result) => {
  const [docname, , , , score] = result;
  return docname === NBLIB_API_PAGE ? score - NBLIB_API_PENALTY : score;
};

/* TeX to plain text, for snippets only: the symbols the book uses, then what is left of the markup. */
const NBLIB_TEX = [
  [/\\hat\s*\{?\s*y\s*\}?/g, "ŷ"], [/\\hat\s*\{?\s*([A-Za-z])\s*\}?/g, "$1\u0302"],
  [/\\bar\s*\{?\s*([A-Za-z])\s*\}?/g, "$1\u0304"], [/\\tilde\s*\{?\s*([A-Za-z])\s*\}?/g, "$1\u0303"],
  [/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "($1)/($2)"],
  [/\\(?:mathbf|mathrm|text|operatorname|boldsymbol|mathit|mathcal)\s*\{([^{}]*)\}/g, "$1"],
  [/\\alpha/g, "α"], [/\\beta/g, "β"], [/\\gamma/g, "γ"], [/\\delta/g, "δ"], [/\\Delta/g, "Δ"],
  [/\\epsilon|\\varepsilon/g, "ε"], [/\\eta/g, "η"], [/\\theta/g, "θ"], [/\\lambda/g, "λ"],
  [/\\mu/g, "μ"], [/\\pi/g, "π"], [/\\sigma/g, "σ"], [/\\Sigma|\\sum/g, "Σ"], [/\\tau/g, "τ"],
  [/\\phi|\\varphi/g, "φ"], [/\\omega/g, "ω"], [/\\nabla/g, "∇"], [/\\partial/g, "∂"],
  [/\\cdot/g, "·"], [/\\times/g, "×"], [/\\odot/g, "⊙"], [/\\approx/g, "≈"], [/\\leq?/g, "≤"],
  [/\\geq?/g, "≥"], [/\\neq/g, "≠"], [/\\to|\\rightarrow/g, "→"], [/\\Rightarrow|\\implies/g, "⟹"],
  [/\\infty/g, "∞"], [/\\log/g, "log"], [/\\exp/g, "exp"], [/\\max/g, "max"], [/\\min/g, "min"],
  [/\\left|\\right|\\big|\\Big|\\,|\\;|\\!|\\quad|\\qquad/g, " "],
  [/\\[()[\]]/g, ""], [/\\[A-Za-z]+/g, ""], [/[{}]/g, ""], [/\s+/g, " "],
];

const nblibPlainMath = (tex) => NBLIB_TEX.reduce((s, [from, to]) => s.replace(from, to), tex).trim();

/* Everything in a page's main element that is not the article's text. */
const NBLIB_NOT_TEXT = [
  ".headerlink", "script", "style", ".bd-header-article", ".header-article-items",
  ".article-header-buttons", ".dropdown-download-buttons", ".prev-next-area", ".prev-next-footer",
  ".bd-footer-article", ".bd-sidebar-secondary", ".nblib-slides-link", "button",
  "details.hide > summary", ".toggle-button", ".nblib-demo-controls", "svg",
].join(", ");

Search.htmlToText = (htmlString, anchor) => {
  const doc = new DOMParser().parseFromString(htmlString, "text/html");
  doc.querySelectorAll(NBLIB_NOT_TEXT).forEach((el) => el.remove());
  doc.querySelectorAll(".math").forEach((el) => { el.textContent = " " + nblibPlainMath(el.textContent) + " "; });
  const main = doc.querySelector('[role="main"] article') || doc.querySelector('[role="main"]');
  if (!main) return "";
  const part = anchor ? main.querySelector(anchor) : null;
  return (part || main).textContent.replace(/\s+/g, " ").trim();
};
