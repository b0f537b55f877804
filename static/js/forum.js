// Progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Ask page: the condition checkboxes become chips with a typeahead that
  // also matches synonyms and other-language names ("MS", "SEP"). The
  // checkboxes stay in the form (hidden) and hold the values, so the form
  // posts the same with or without this script.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhanceConditionPicker(fieldset) {
    var termsEl = document.getElementById("condition-terms");
    var picker = fieldset.querySelector(".chips-picker");
    var plain = fieldset.querySelector(".condition-options");
    if (!termsEl || !picker || !plain) return;
    var terms = JSON.parse(termsEl.textContent);
    var chips = picker.querySelector(".chips");
    var count = picker.querySelector(".chips-count");
    var input = picker.querySelector("input[role=combobox]");
    var list = picker.querySelector("[role=listbox]");
    var message = picker.querySelector(".chips-message");
    var limit = parseInt(fieldset.dataset.limit, 10) || 5;
    var options = [].map.call(plain.querySelectorAll("input[type=checkbox]"), function (box) {
      var label = plain.querySelector("label[for='" + box.id + "']");
      var name = label ? label.textContent.trim() : box.value;
      var all = fold(name + ", " + (terms[box.value] || ""));
      return { box: box, name: name, lower: fold(name), haystack: all, terms: all.split(/\s*,\s*/) };
    });

    // Best matches first: a whole name or synonym ("MS"), then names that
    // start with the text, then any word that does, then the rest.
    function rank(option, needle) {
      if (option.terms.indexOf(needle) !== -1) return 0;
      if (option.lower.indexOf(needle) === 0) return 1;
      var words = option.haystack.split(/[^a-z0-9]+/);
      for (var i = 0; i < words.length; i++) if (words[i].indexOf(needle) === 0) return 2;
      return option.haystack.indexOf(needle) !== -1 ? 3 : -1;
    }
    var active = -1;
    var shown = [];

    function picked() { return options.filter(function (o) { return o.box.checked; }); }

    function renderChips() {
      chips.textContent = "";
      var selected = picked();
      selected.forEach(function (option) {
        var li = document.createElement("li");
        li.className = "chip";
        var text = document.createElement("span");
        text.textContent = option.name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chip-remove";
        remove.setAttribute("aria-label", fieldset.dataset.removeLabel.replace("%(name)s", option.name));
        remove.textContent = "×";
        remove.addEventListener("click", function () { toggle(option, false); input.focus(); });
        li.appendChild(text);
        li.appendChild(remove);
        chips.appendChild(li);
      });
      chips.hidden = selected.length === 0;
      count.textContent = selected.length === 1 ? fieldset.dataset.countOne
        : fieldset.dataset.countMany.replace("%(n)s", selected.length);
    }

    function toggle(option, on) {
      if (on && !option.box.checked && picked().length >= limit) {
        message.textContent = fieldset.dataset.limitText;
        return;
      }
      message.textContent = "";
      option.box.checked = on;
      option.box.dispatchEvent(new Event("change", { bubbles: true }));
      renderChips();
      renderList();
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function renderList() {
      var needle = fold(input.value.trim());
      list.textContent = "";
      if (!needle) { close(); shown = []; return; }
      shown = options.map(function (o, i) { return { option: o, score: rank(o, needle), at: i }; })
        .filter(function (m) { return m.score >= 0; })
        .sort(function (a, b) { return a.score - b.score || a.at - b.at; })
        .slice(0, 8)
        .map(function (m) { return m.option; });
      if (!shown.length) {
        var none = document.createElement("li");
        none.className = "chips-none";
        none.textContent = fieldset.dataset.noMatch;
        list.appendChild(none);
      }
      shown.forEach(function (option, i) {
        var li = document.createElement("li");
        li.id = "condition-option-" + option.box.value;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", option.box.checked ? "true" : "false");
        li.className = "chips-option" + (i === active ? " is-active" : "");
        li.textContent = option.name;
        li.addEventListener("mousedown", function (event) { event.preventDefault(); });
        li.addEventListener("click", function () { choose(option); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (active >= 0 && shown[active]) {
        input.setAttribute("aria-activedescendant", "condition-option-" + shown[active].box.value);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(option) {
      toggle(option, !option.box.checked);
      input.value = "";
      close();
      input.focus();
    }

    input.addEventListener("input", function () { active = 0; renderList(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!shown.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + shown.length) % shown.length;
        renderList();
      } else if (event.key === "Enter") {
        // Enter picks; it never sends the form from this box.
        if (input.value.trim()) event.preventDefault();
        if (!list.hidden && shown[active]) {
          event.preventDefault();
          choose(shown[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); close(); }
      } else if (event.key === "Backspace" && !input.value) {
        var selected = picked();
        if (selected.length) toggle(selected[selected.length - 1], false);
      }
    });
    input.addEventListener("blur", close);

    plain.hidden = true;
    picker.hidden = false;
    renderChips();
  }

  document.querySelectorAll("fieldset[data-condition-picker]").forEach(enhanceConditionPicker);
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

// Composer (ask, reply, edit): a Markdown toolbar, a live preview rendered on
// the server by the same markup module as a posted text, and a draft saved on
// the server as the member types. Without JavaScript the Preview button does
// both (it shows the preview and saves the draft).
(function () {
  "use strict";

  function csrf(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function post(url, form, data) {
    var body = new URLSearchParams();
    Object.keys(data).forEach(function (name) {
      [].concat(data[name]).forEach(function (value) { body.append(name, value); });
    });
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(form) },
      body: body,
    });
  }

  // Wrap the selection (or a placeholder word) in Markdown, or prefix lines.
  function applyMarkdown(textarea, kind) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value, selected = value.slice(start, end);
    var before = "", after = "", text = selected;
    if (kind === "bold") { before = after = "**"; text = selected || "bold"; }
    else if (kind === "italic") { before = after = "*"; text = selected || "italic"; }
    else if (kind === "link") { before = "["; after = "](https://)"; text = selected || "link text"; }
    else {
      var mark = kind === "list" ? "- " : "> ";
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      var block = value.slice(lineStart, end) || "";
      var prefixed = block.split("\n").map(function (line) { return mark + line; }).join("\n");
      textarea.value = value.slice(0, lineStart) + prefixed + value.slice(end);
      textarea.setSelectionRange(lineStart, lineStart + prefixed.length);
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      textarea.focus();
      return;
    }
    textarea.value = value.slice(0, start) + before + text + after + value.slice(end);
    textarea.setSelectionRange(start + before.length, start + before.length + text.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function enhanceComposer(form) {
    var textarea = form.querySelector("textarea[name=body]");
    var toolbar = form.querySelector(".composer-toolbar");
    var live = form.querySelector(".live-preview");
    if (!textarea || !toolbar || !live) return;
    var status = toolbar.querySelector(".draft-status");
    var output = live.querySelector(".post-body");
    var fieldWrap = textarea.closest(".mb-3") || textarea.parentNode;
    textarea.parentNode.insertBefore(toolbar, textarea);
    fieldWrap.parentNode.insertBefore(live, fieldWrap.nextSibling);
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-md]");
      if (button) applyMarkdown(textarea, button.dataset.md);
    });

    var lastPreviewed = null;
    var refreshPreview = debounce(function () {
      var text = textarea.value;
      if (text === lastPreviewed) return;
      lastPreviewed = text;
      if (!text.trim()) { live.hidden = true; output.textContent = ""; return; }
      post(form.dataset.previewUrl, form, { body: text }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      }).then(function (html) {
        if (textarea.value !== text) return;  // Typed on meanwhile.
        // The server's sanitised rendering, the same as a posted text's.
        output.innerHTML = html;
        live.hidden = false;
      }).catch(function () { lastPreviewed = null; });
    }, 400);

    var key = form.dataset.draftKey;
    var saveDraft = debounce(function () {
      if (!key) return;
      var data = { key: key, body: textarea.value };
      var title = form.querySelector("input[name=title]");
      if (title) data.title = title.value;
      var picked = form.querySelectorAll("input[name=conditions]:checked");
      if (picked.length) data.conditions = [].map.call(picked, function (box) { return box.value; });
      post(form.dataset.draftUrl, form, data).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        if (status) status.textContent = status.dataset.savedText;
        form.dataset.draftState = "saved";
      }).catch(function () {
        if (status) status.textContent = status.dataset.failedText;
        form.dataset.draftState = "failed";
      });
    }, 800);

    form.addEventListener("input", function (event) {
      if (event.target === textarea) refreshPreview();
      form.dataset.draftState = "pending";
      saveDraft();
    });
    form.addEventListener("change", function () { saveDraft(); });
    if (textarea.value.trim()) refreshPreview();
  }

  document.querySelectorAll("form[data-composer]").forEach(enhanceComposer);
})();
