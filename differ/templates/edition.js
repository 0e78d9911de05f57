(function () {
  "use strict";
  // Sortable, filterable tables of the cross-country page. Every row carries data-name (what
  // the text filter matches) and each cell data-sort (what its column sorts by).

  function rows(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }

  function cellKey(row, col, type) {
    var v = row.cells[col] ? row.cells[col].getAttribute("data-sort") : "";
    return type === "num" ? parseFloat(v) || 0 : (v || "");
  }

  function sortTable(table, col, dir) {
    var th = table.tHead.rows[0].cells[col];
    var type = th.querySelector("button.sort").getAttribute("data-type");
    var list = rows(table).map(function (r, i) { return [cellKey(r, col, type), i, r]; });
    list.sort(function (a, b) {
      var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
      return (dir === "descending" ? -c : c) || a[1] - b[1];
    });
    var moved = document.createDocumentFragment();  // one reflow, not one per row
    list.forEach(function (x) { moved.appendChild(x[2]); });
    table.tBodies[0].appendChild(moved);
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    var select = document.querySelector('select[data-sort-table="' + table.id + '"]');
    if (select) select.value = col + ":" + dir;
  }

  function applyFilter(table) {
    var q = document.querySelector('input[data-filter-table="' + table.id + '"]');
    var flag = document.querySelector('input[data-flag-table="' + table.id + '"]');
    var text = q ? q.value.trim().toLowerCase() : "";
    var need = flag && flag.checked ? flag.getAttribute("data-flag") : null;
    var shown = 0, all = rows(table);
    all.forEach(function (r) {
      var ok = (!text || (r.getAttribute("data-name") || "").indexOf(text) >= 0) &&
               (!need || r.getAttribute("data-" + need) === "1");
      r.hidden = !ok;
      if (ok) shown += 1;
    });
    var count = document.querySelector('[data-count-for="' + table.id + '"]');
    if (count) count.textContent = shown + " of " + all.length + " shown";
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.ed-tbl[id]"), function (table) {
    if (!table.tHead) return;
    var heads = table.tHead.rows[0].cells;
    var select = document.querySelector('select[data-sort-table="' + table.id + '"]');
    var original = rows(table);
    if (select) {
      var first = document.createElement("option");
      first.value = "";
      first.textContent = "as listed";
      select.appendChild(first);
    }
    Array.prototype.forEach.call(heads, function (th, col) {
      var btn = th.querySelector("button.sort");
      if (!btn) return;
      btn.addEventListener("click", function () {
        var now = th.getAttribute("aria-sort");
        var first = btn.getAttribute("data-type") === "num" && col > 0 ? "descending" : "ascending";
        sortTable(table, col, now === "none" ? first : now === "ascending" ? "descending" : "ascending");
      });
      if (select) {
        ["ascending", "descending"].forEach(function (dir) {
          var opt = document.createElement("option");
          opt.value = col + ":" + dir;
          opt.textContent = btn.textContent + (dir === "ascending" ? " ↑" : " ↓");
          select.appendChild(opt);
        });
      }
    });
    if (select) {
      select.value = "";
      select.addEventListener("change", function () {
        if (!select.value) {  // back to the page's own order
          var moved = document.createDocumentFragment();
          original.forEach(function (r) { moved.appendChild(r); });
          table.tBodies[0].appendChild(moved);
          Array.prototype.forEach.call(heads, function (cell) { cell.setAttribute("aria-sort", "none"); });
          return;
        }
        var parts = select.value.split(":");
        sortTable(table, parseInt(parts[0], 10), parts[1]);
      });
    }
    var q = document.querySelector('input[data-filter-table="' + table.id + '"]');
    var flag = document.querySelector('input[data-flag-table="' + table.id + '"]');
    if (q) q.addEventListener("input", function () { applyFilter(table); });
    if (flag) flag.addEventListener("change", function () { applyFilter(table); });
    applyFilter(table);
  });
})();
