// Sort a table by the clicked column header (th.sortable): the page's language collation,
// numbers compared as numbers; a second click reverses the order.
document.querySelectorAll("th.sortable").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], index = th.cellIndex;
    var down = th.dataset.dir !== "asc";
    th.dataset.dir = down ? "asc" : "desc";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
      var c = x.localeCompare(y, document.documentElement.lang, {numeric: true, sensitivity: "base"});
      return down ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
