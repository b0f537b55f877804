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
    label.textContent = group.dataset.filterLabel || "Filter conditions";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "condition-filter";
    input.className = "form-control";
    input.placeholder = "Filter conditions, e.g. MS";
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
