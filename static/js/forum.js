// Progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Ask page: a filter box above the condition checkboxes that also matches
  // synonyms ("MS" finds Multiple sclerosis). Checked boxes always stay visible.
  function enhanceConditionPicker(form) {
    var group = form.querySelector("#div_id_conditions");
    var termsEl = document.getElementById("condition-terms");
    if (!group || !termsEl) return;
    var terms = JSON.parse(termsEl.textContent);
    var boxes = group.querySelectorAll(".form-check");
    var wrap = document.createElement("div");
    wrap.className = "mb-2";
    var label = document.createElement("label");
    label.htmlFor = "condition-filter";
    label.className = "visually-hidden";
    label.textContent = form.dataset.filterLabel || "Filter conditions";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "condition-filter";
    input.className = "form-control";
    input.placeholder = form.dataset.filterPlaceholder || "Filter conditions, e.g. MS";
    input.setAttribute("aria-controls", "div_id_conditions");
    wrap.appendChild(label);
    wrap.appendChild(input);
    var legend = group.querySelector("legend");
    if (legend) {
      legend.parentNode.insertBefore(wrap, legend.nextSibling);
    } else {
      group.insertBefore(wrap, group.firstChild);
    }
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      boxes.forEach(function (box) {
        var checkbox = box.querySelector("input[type=checkbox]");
        var haystack = (terms[checkbox.value] || box.textContent).toLowerCase();
        var show = !needle || checkbox.checked || haystack.indexOf(needle) !== -1;
        box.hidden = !show;
      });
    });
  }

  document.querySelectorAll("form[data-condition-picker]").forEach(enhanceConditionPicker);
})();

// Personal-data warning: "Edit my text" focuses the field holding the first
// highlighted match and selects it. Without JavaScript the link jumps to the
// body field, and the form round-trip works the same.
(function () {
  "use strict";

  document.querySelectorAll("[data-personal-data-edit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var form = link.closest("form");
      var section = link.closest("[data-personal-data-warning]");
      if (!form || !section) return;
      var fields = form.querySelectorAll("input[name=title], textarea[name=body]");
      var marks = section.querySelectorAll("mark");
      for (var i = 0; i < marks.length; i++) {
        var needle = marks[i].textContent;
        for (var j = 0; j < fields.length; j++) {
          var at = fields[j].value.indexOf(needle);
          if (at !== -1) {
            event.preventDefault();
            fields[j].focus();
            fields[j].setSelectionRange(at, at + needle.length);
            return;
          }
        }
      }
    });
  });
})();
