/* The place lists of the actor form: each shows only the choices of the place chosen above it
   (the regions of the country, the provinces of the region, the communes of the province).
   Options carry their parent's value in data-parent; a select names its parent field in data-parent-field.
   Without this script the lists still work: the server narrows them, and a button reloads them. */
(function () {
  "use strict";

  function narrow(child, parent) {
    var value = parent.value;
    var shown = 0;
    Array.prototype.forEach.call(child.options, function (option) {
      if (!option.value) {
        return;
      }
      var visible = !value || option.getAttribute("data-parent") === value;
      option.hidden = !visible;
      option.disabled = !visible;
      if (visible) {
        shown += 1;
      } else if (option.selected) {
        child.value = "";
        child.dispatchEvent(new Event("change"));
      }
    });
    return Boolean(value) && shown === 0;
  }

  function setUp(form) {
    var selects = form.querySelectorAll("select[data-parent-field]");
    var hint = form.querySelector("[data-place-hint]");
    function update() {
      var missing = false;
      selects.forEach(function (child) {
        var parent = form.elements[child.getAttribute("data-parent-field")];
        if (parent && narrow(child, parent)) {
          missing = true;
        }
      });
      if (hint) {
        hint.classList.toggle("d-none", !missing);
      }
    }
    selects.forEach(function (child) {
      var parent = form.elements[child.getAttribute("data-parent-field")];
      if (parent) {
        parent.addEventListener("change", update);
      }
    });
    update();
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector("select[data-parent-field]")) {
      setUp(form);
    }
  });
})();
