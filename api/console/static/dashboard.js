// Draws the dashboard's charts with Chart.js from the figures the page carries as JSON (the same numbers as the
// tables under each chart, the CSV files and /api/v1/dashboard).
(function () {
  "use strict";
  var COLOURS = ["#1d4f91", "#e07b00", "#2e8540", "#b3261e", "#6b3fa0", "#00838f", "#8d6e00", "#5d6b7a",
                 "#c2185b", "#4e7d2a", "#7a4a1f", "#3949ab"];
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var charts = JSON.parse(document.getElementById("chart-data").textContent);
    charts.forEach(function (chart) {
      var canvas = document.querySelector('canvas[data-chart="' + chart.key + '"]');
      if (!canvas) { return; }
      var names = Object.keys(chart.series);
      var datasets = names.map(function (name, i) {
        var colour = chart.kind === "doughnut" ? COLOURS : COLOURS[i % COLOURS.length];
        return { label: name, data: chart.series[name], backgroundColor: colour, borderColor: colour,
                 spanGaps: true, tension: 0.2 };
      });
      var stacked = chart.kind === "bar" && names.length > 2;
      new Chart(canvas, {
        type: chart.kind,
        data: { labels: chart.labels, datasets: datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: names.length > 1 || chart.kind === "doughnut", position: "bottom" } },
          scales: chart.kind === "doughnut" ? {} : {
            x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true, title: { display: true, text: chart.unit } }
          }
        }
      });
    });
    document.body.setAttribute("data-charts-drawn", "yes");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
