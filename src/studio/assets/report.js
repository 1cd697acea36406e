// Sortable tables: a click on a column's header sorts by it (again: the other way).
"use strict";
(function () {
  for (const table of document.querySelectorAll("table.sortable")) {
    const heads = table.querySelectorAll("thead th");
    heads.forEach((th, col) => {
      th.tabIndex = 0;
      th.title = "sort";
      const sort = () => {
        const body = table.tBodies[0];
        const up = th.dataset.dir !== "up";
        heads.forEach((h) => delete h.dataset.dir);
        th.dataset.dir = up ? "up" : "down";
        const key = (tr) => {
          const td = tr.children[col];
          if (!td) return "";
          const v = td.dataset.sort !== undefined ? parseFloat(td.dataset.sort) : NaN;
          return Number.isNaN(v) ? td.textContent.trim().toLowerCase() : v;
        };
        const rows = Array.from(body.rows);
        rows.sort((a, b) => {
          const x = key(a), y = key(b);
          const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
          return up ? c : -c;
        });
        body.append(...rows);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
    });
  }
})();
