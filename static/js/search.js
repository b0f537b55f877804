// Similar questions while typing a title on the ask page. Progressive
// enhancement: without this file the ask form works exactly the same.
// Load with: <script src="…/js/search.js" data-similar-url="{% url 'search:similar' %}" defer>
(function () {
  "use strict";

  var MIN_CHARS = 3;
  var DELAY_MS = 300;
  var script = document.currentScript;

  function similarUrl() {
    return (script && script.dataset.similarUrl) || "/search/similar/";
  }

  function enhance(input) {
    var box = document.createElement("div");
    box.className = "similar-questions";
    box.id = "similar-questions";
    box.hidden = true;
    box.setAttribute("aria-live", "polite");
    var heading = document.createElement("p");
    heading.className = "similar-heading";
    var list = document.createElement("ul");
    list.className = "similar-list";
    box.appendChild(heading);
    box.appendChild(list);
    // After the field's wrapper (crispy puts help text and errors in it).
    var wrapper = input.closest(".mb-3") || input;
    wrapper.parentNode.insertBefore(box, wrapper.nextSibling);
    input.setAttribute("aria-describedby",
      ((input.getAttribute("aria-describedby") || "") + " similar-questions").trim());

    var timer = null;
    var latest = 0;
    var lastQuery = null;

    function render(data) {
      list.textContent = "";
      var results = (data && data.results) || [];
      if (!results.length) {
        box.hidden = true;
        return;
      }
      heading.textContent = data.heading || "Similar questions already asked";
      results.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title;
        a.target = "_blank";
        a.rel = "noopener";
        var count = document.createElement("span");
        count.className = "similar-replies";
        count.textContent = " (" + item.replies + ")";
        li.appendChild(a);
        li.appendChild(count);
        list.appendChild(li);
      });
      box.hidden = false;
    }

    function lookUp() {
      var q = input.value.trim();
      if (q === lastQuery) return;
      lastQuery = q;
      var ticket = ++latest;
      if (q.length < MIN_CHARS) {
        render(null);
        return;
      }
      var url = similarUrl() + "?q=" + encodeURIComponent(q);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (ticket === latest) render(data);  // Drop answers to older input.
        })
        .catch(function () { /* Suggestions are optional; stay quiet. */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookUp, DELAY_MS);
    });
    if (input.value.trim()) lookUp();
  }

  function init() {
    var input = document.querySelector("form[data-composer] #id_title");
    if (input) enhance(input);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
