// nianbao check report: the panel telling what is known of a cell, its twin lit up, and
// the index filters. No library, nothing fetched; every page works without this script.
"use strict";
(function () {
  const FIELDS = [
    ["key", "key 键"], ["status", "status 状态"], ["template", "template labels 模板标签"],
    ["printed", "printed labels 原表标签"], ["raw", "raw reading 原始读数"], ["value", "value 值"],
    ["unit", "unit"], ["proposal", "proposal 建议值"], ["page", "page 页"], ["source", "source 来源"],
    ["score", "score"], ["alternatives", "alternatives 候选字符"], ["reason", "reason 原因"],
    ["equations", "equations 所在等式"],
  ];

  function twins(key, on) {
    document.querySelectorAll('[data-key="' + CSS.escape(key) + '"]').forEach(function (el) {
      el.classList.toggle("hl", on);
    });
  }

  function setupCells() {
    const source = document.getElementById("cells");
    const panel = document.getElementById("panel");
    if (!source || !panel) return;
    const cells = JSON.parse(source.textContent);
    const list = document.getElementById("panel-fields");
    let shown = null;
    let pinned = false;

    function show(key) {
      const cell = cells[key];
      if (!cell) return;
      if (shown) twins(shown, false);
      shown = key;
      twins(key, true);
      list.replaceChildren();
      FIELDS.forEach(function (field) {
        const value = cell[field[0]];
        const lines = Array.isArray(value) ? value : (value === "" || value === null || value === undefined ? [] : [String(value)]);
        if (!lines.length && field[0] !== "value") return;
        const dt = document.createElement("dt");
        dt.textContent = field[1];
        list.appendChild(dt);
        (lines.length ? lines : ["(empty)"]).forEach(function (line) {
          const dd = document.createElement("dd");
          dd.textContent = line;
          if (field[0] === "equations" || field[0] === "alternatives") dd.className = "eq";
          list.appendChild(dd);
        });
      });
    }

    document.addEventListener("mouseover", function (event) {
      const el = event.target.closest("[data-key]");
      if (el && !pinned) show(el.dataset.key);
    });
    document.addEventListener("click", function (event) {
      const el = event.target.closest("[data-key]");
      if (!el) return;
      pinned = !(pinned && shown === el.dataset.key);
      panel.classList.toggle("pinned", pinned);
      show(el.dataset.key);
      const twin = Array.from(document.querySelectorAll('[data-key="' + CSS.escape(el.dataset.key) + '"]'))
        .find(function (other) { return other !== el; });
      if (twin && pinned) twin.scrollIntoView({ block: "center", behavior: "smooth" });
    });
    // A link to one cell: docs/<file>.html#cell=<key> opens with that cell pinned.
    const wanted = decodeURIComponent(location.hash.replace(/^#cell=/, ""));
    if (location.hash.startsWith("#cell=") && cells[wanted]) {
      pinned = true;
      panel.classList.add("pinned");
      show(wanted);
    }
  }

  function setupFilters() {
    const form = document.getElementById("filters");
    if (!form) return;
    const rows = Array.from(document.querySelectorAll("table.index tbody tr"));
    const counter = document.getElementById("shown");
    function apply() {
      const status = form.elements.status.value;
      const need = form.elements.need.checked;
      const text = form.elements.text.value.trim().toLowerCase();
      let n = 0;
      rows.forEach(function (row) {
        const keep = (!status || row.dataset.status === status) && (!need || row.dataset.need === "1") &&
          (!text || row.dataset.text.includes(text));
        row.classList.toggle("hidden", !keep);
        if (keep) n += 1;
      });
      counter.textContent = n + " of " + rows.length + " shown";
    }
    form.addEventListener("input", apply);
    apply();
  }

  setupCells();
  setupFilters();
  document.body.dataset.ready = "yes";
})();
