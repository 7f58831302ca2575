/* "Check your understanding" questions of the nblib book, without a kernel.
 * Each question is a <div data-nblib-question> written by nblib.questions: a form (a text input or
 * a radio group, a Check button, a Show answer button), a feedback region (role=status,
 * aria-live), the answer (hidden) and .nblib-question-data, JSON {kind, answer, tol, slips, right,
 * wrong}: slips is a list of [value or option index, feedback].
 * Like nblib-demo.js this file works two ways: the book page loads it, and each question's
 * fragment carries it inline (a RISE deck, a trusted notebook). The driver is defined once per
 * page (window.nblibQuestion) and a question is started once. */
(function () {
  "use strict";
  var here = document.currentScript, own = here && here.closest ? here.closest("[data-nblib-question]") : null;
  var driver = window.nblibQuestion || (window.nblibQuestion = define());
  if (own) { driver.setup(own); } else { driver.setupAll(); }

  function define() {
    function parse(text) {
      var t = String(text).replace(/\u2212/g, "-").replace(/[\s,]/g, "");
      if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) { return null; }
      return parseFloat(t);
    }

    function verdict(data, response) {
      var i;
      if (data.kind === "numeric") {
        var x = parse(response);
        if (x === null) { return [false, "Type a number, for example 0.5."]; }
        if (Math.abs(x - data.answer) <= data.tol * (1 + 1e-9)) { return [true, data.right]; }
        for (i = 0; i < data.slips.length; i++) {
          if (Math.abs(x - data.slips[i][0]) <= data.tol * (1 + 1e-9)) { return [false, data.slips[i][1]]; }
        }
        return [false, data.wrong];
      }
      if (response === null) { return [false, "Choose one of the options."]; }
      var k = parseInt(response, 10);
      if (k === data.answer) { return [true, data.right]; }
      for (i = 0; i < data.slips.length; i++) {
        if (data.slips[i][0] === k) { return [false, data.slips[i][1]]; }
      }
      return [false, data.wrong];
    }

    function setup(root) {
      if (root.getAttribute("data-ready")) { return; }
      var data = JSON.parse(root.querySelector(".nblib-question-data").textContent);
      var form = root.querySelector(".nblib-question-form");
      var feedback = root.querySelector(".nblib-question-feedback");
      var answer = root.querySelector(".nblib-question-answer");
      var show = root.querySelector(".nblib-question-show");
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var response;
        if (data.kind === "numeric") {
          response = root.querySelector(".nblib-question-input").value;
        } else {
          var picked = root.querySelector("input[type=radio]:checked");
          response = picked ? picked.value : null;
        }
        var result = verdict(data, response);
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
