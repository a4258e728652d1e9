/* SPDX-FileCopyrightText: 2026 Open Commons contributors */
/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* Progressive enhancement: without JavaScript the search form stays hidden and the lists remain. */
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var index = window.OPEN_COMMONS_SEARCH;
  if (!form || !Array.isArray(index)) { return; }
  var input = form.querySelector("input");
  var status = form.querySelector(".search-status");
  var list = form.querySelector(".search-results");
  var root = form.getAttribute("data-root") || "";
  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  /* title, description and keywords first; the body's words after */
  var heads = index.map(function (e) { return fold(e.t + " " + e.d + " " + (e.k || []).join(" ")); });
  var bodies = index.map(function (e) { return fold(e.b || ""); });
  function show() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var ranked = [];
    for (var j = 0; j < index.length; j++) {
      var inHead = true, inAll = true;
      for (var w = 0; w < words.length; w++) {
        var head = heads[j].indexOf(words[w]) !== -1;
        if (!head) { inHead = false; }
        if (!head && bodies[j].indexOf(words[w]) === -1) { inAll = false; break; }
      }
      if (inAll) { ranked.push([inHead ? 0 : 1, j]); }
    }
    ranked.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var found = ranked.length;
    for (var r = 0; r < ranked.length && r < 50; r++) {
      var i = ranked[r][1];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + index[i].u;
      a.textContent = index[i].t;
      a.lang = index[i].l;
      li.appendChild(a);
      if (index[i].d) { li.appendChild(document.createTextNode(" — " + index[i].d)); }
      list.appendChild(li);
    }
    status.textContent = found ? form.getAttribute("data-count").replace("{n}", String(found))
                               : form.getAttribute("data-empty");
  }
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  input.addEventListener("input", show);
  form.hidden = false;
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; show(); }
}());
