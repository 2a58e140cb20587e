// The content editor's one guard (issue 12): each card's form saves only itself, so a
// leader who typed in one card and then presses a button of another (or leaves the page)
// is asked first instead of losing the typing. The question's words come from the page
// (data-unsaved on the form list), in the reader's language.
(function () {
  "use strict";
  var holder = document.querySelector("[data-unsaved]");
  if (!holder) return;
  var question = holder.getAttribute("data-unsaved");
  var dirty = new Set();
  var leaving = false;
  holder.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("change", function () { dirty.add(form); });
    form.addEventListener("submit", function (event) {
      var others = Array.from(dirty).some(function (f) { return f !== form; });
      if (others && !window.confirm(question)) {
        event.preventDefault();
        return;
      }
      leaving = true;
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!leaving && dirty.size > 0) {
      event.preventDefault();
      event.returnValue = question;
    }
  });
})();
