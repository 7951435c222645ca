/* Wide tables: marks each .table-wrap whose table is wider than the box, so the CSS shows the
 * "Scroll sideways to see all columns" cue there. Optional: browsers with CSS scroll timelines show
 * the cue without this (static/css/site.css), and without either the table still scrolls.
 */
(function () {
  "use strict";

  var wraps = document.querySelectorAll(".table-wrap");
  if (!wraps.length) {
    return;
  }

  function mark() {
    for (var i = 0; i < wraps.length; i++) {
      var wrap = wraps[i];
      wrap.classList.toggle("table-wrap--scrolls", wrap.scrollWidth > wrap.clientWidth + 1);
    }
  }

  mark();
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(mark);
    for (var i = 0; i < wraps.length; i++) {
      observer.observe(wraps[i]);
    }
  } else {
    window.addEventListener("resize", mark);
  }
})();
