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
  var folded = index.map(function (e) { return fold(e.t + " " + e.d); });
  function show() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < index.length && found < 50; i++) {
      var ok = words.every(function (w) { return folded[i].indexOf(w) !== -1; });
      if (!ok) { continue; }
      found++;
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
}());
