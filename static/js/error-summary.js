/* The error summary's links, enhanced as GOV.UK's are: without JavaScript a link already moves
 * focus to its field (the browser focuses the fragment's target); with it, the field's question
 * (its legend or label) is scrolled into view too, so the question is not scrolled away above
 * the top of the screen. */
(function () {
  "use strict";

  function questionFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend) {
        return legend;
      }
    }
    return document.querySelector("label[for='" + input.id + "']") || input;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
      return;
    }
    event.preventDefault();
    questionFor(input).scrollIntoView();
    input.focus({ preventScroll: true });
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", link.hash);
    }
  });
})();
