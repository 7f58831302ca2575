/* "Check your understanding" questions of the nblib book, without a kernel.
 * Each question is a <div data-nblib-question="numeric|choice|direction"> written by
 * nblib.questions: the question (.nblib-question-text), its answer (.nblib-question-answer,
 * hidden) and .nblib-question-data, JSON {a: answer (a number, or an option's index), t: tolerance,
 * u: unit, s: slips [[value or index, feedback], ...], o: options}. This script builds the form:
 * a text input or a radio group labelled by the question, a Check button (Enter checks too), a
 * Show answer button and a feedback region (role=status, aria-live=polite).
 * Like nblib-demo.js it works two ways: the book page loads it, and each question's fragment
 * carries it inline (a deck, RISE, a trusted notebook). The driver is defined once per page
 * (window.nblibQuestion) and a question is started once. In a reveal.js deck the answer is a
 * fragment (bookext.decks): the next key press shows it. */
(function () {
  "use strict";
  var here = document.currentScript, own = here && here.closest ? here.closest("[data-nblib-question]") : null;
  var driver = window.nblibQuestion || (window.nblibQuestion = define());
  if (own) { driver.setup(own); } else { driver.setupAll(); }

  function define() {
    var WRONG = "Not quite. Try again, or show the answer.";
    // data-lm-suppress-shortcuts: a focused input keeps its keys in JupyterLab and RISE (Lumino
    // skips its shortcuts there)

    function parse(text) {
      var t = String(text).replace(/\u2212/g, "-").replace(/[\s,]/g, "");
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) { return null; }
      return parseFloat(t);
    }

    function verdict(kind, data, response, right) {
      var i, slip = function (f) { return "Not quite: " + f + ". Try again."; };
      if (kind === "numeric") {
        var x = parse(response), tol = data.t * (1 + 1e-9);
        if (x === null) { return [false, "Type a number, for example 0.5."]; }
        if (Math.abs(x - data.a) <= tol) { return [true, right]; }
        for (i = 0; i < data.s.length; i++) {
          if (Math.abs(x - data.s[i][0]) <= tol) { return [false, slip(data.s[i][1])]; }
        }
        return [false, WRONG];
      }
      if (response === null) { return [false, "Choose one of the options."]; }
      var k = parseInt(response, 10);
      if (k === data.a) { return [true, right]; }
      for (i = 0; i < data.s.length; i++) {
        if (data.s[i][0] === k) { return [false, slip(data.s[i][1])]; }
      }
      return [false, WRONG];
    }

    function el(tag, attrs, text) {
      var node = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      if (text) { node.textContent = text; }
      return node;
    }

    function setup(root) {
      if (root.getAttribute("data-ready")) { return; }
      var kind = root.getAttribute("data-nblib-question");
      var data = JSON.parse(root.querySelector(".nblib-question-data").textContent);
      var text = root.querySelector(".nblib-question-text");
      var answer = root.querySelector(".nblib-question-answer");
      var id = root.id;
      text.id = id + "-text";
      answer.id = id + "-answer";
      // "Right: 0.5607 — because ..." from the answer's own text
      var right = "Right: " + answer.textContent.replace(/^Answer:\s*/, "").replace(/\s*Check it with the slider demo\.$/, "");
      root.insertBefore(el("p", {"class": "nblib-question-tag"}, "Check your understanding"), text);
      var form = el("form", {"class": "nblib-question-form", novalidate: ""});
      if (kind === "numeric") {
        var field = el("span", {"class": "nblib-question-field"});
        field.appendChild(el("input", {id: id + "-input", "class": "nblib-question-input", type: "text",
          inputmode: "decimal", autocomplete: "off", spellcheck: "false", size: "10",
          "aria-labelledby": id + "-text", "data-lm-suppress-shortcuts": "true"}));
        if (data.u) { field.appendChild(el("span", {"class": "nblib-question-unit"}, " " + data.u)); }
        form.appendChild(field);
      } else {
        var group = el("div", {"class": "nblib-question-options", role: "radiogroup", "aria-labelledby": id + "-text"});
        data.o.forEach(function (option, k) {
          var label = el("label", {"class": "nblib-question-option"});
          label.appendChild(el("input", {type: "radio", name: id, value: String(k), "data-lm-suppress-shortcuts": "true"}));
          label.appendChild(document.createTextNode(" " + option));
          group.appendChild(label);
        });
        form.appendChild(group);
      }
      var buttons = el("div", {"class": "nblib-question-buttons"});
      buttons.appendChild(el("button", {type: "submit", "class": "nblib-question-check"}, "Check"));
      var show = el("button", {type: "button", "class": "nblib-question-show", "aria-controls": id + "-answer",
                               "aria-expanded": "false"}, "Show answer");
      buttons.appendChild(show);
      form.appendChild(buttons);
      var feedback = el("p", {"class": "nblib-question-feedback", role: "status", "aria-live": "polite"});
      root.insertBefore(form, answer);
      root.insertBefore(feedback, answer);
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var picked = root.querySelector("input[type=radio]:checked");
        var response = kind === "numeric" ? root.querySelector(".nblib-question-input").value : (picked ? picked.value : null);
        var result = verdict(kind, data, response, right);
        feedback.textContent = result[1];
        feedback.className = "nblib-question-feedback " + (result[0] ? "nblib-right" : "nblib-wrong");
      });
      // the key handlers of JupyterLab or a deck must not see Enter and arrows typed into the form
      form.addEventListener("keydown", function (event) { event.stopPropagation(); });
      show.addEventListener("click", function () {
        // in a deck the answer is a reveal.js fragment until shown
        var open = answer.hidden || (answer.classList.contains("fragment") && !answer.classList.contains("visible"));
        answer.classList.remove("fragment");
        answer.hidden = !open;
        show.setAttribute("aria-expanded", open ? "true" : "false");
        show.textContent = open ? "Hide answer" : "Show answer";
      });
      root.setAttribute("data-ready", "1");
    }

    function setupAll() {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setupAll);
        return;
      }
      document.querySelectorAll("[data-nblib-question]").forEach(setup);
    }

    return {setup: setup, setupAll: setupAll, verdict: verdict};
  }
})();
