/* Charts of the incubator (Chart.js 4, vendored): each <canvas data-chart="ID"> is drawn from the JSON of the
   <script type="application/json" id="ID"> beside it; the same numbers are in the table next to the chart. */
(function () {
  "use strict";
  var COLOURS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var common = {
      responsive: true,
      maintainAspectRatio: true,
      animation: false,
      locale: document.documentElement.lang,
      plugins: { legend: { rtl: rtl, display: true }, tooltip: { rtl: rtl } }
    };
    var config;
    if (spec.type === "radar") {
      config = {
        type: "radar",
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map(function (set, index) {
            return {
              label: set.label,
              data: set.data,
              borderColor: COLOURS[index % COLOURS.length],
              backgroundColor: index === 0 ? "rgba(11, 83, 148, 0.2)" : "rgba(180, 95, 6, 0.1)",
              borderDash: index === 0 ? [] : [6, 4],
              pointRadius: 3
            };
          })
        },
        options: Object.assign(common, { scales: { r: { min: 0, max: spec.max, ticks: { stepSize: 1 } } } })
      };
    } else if (spec.type === "doughnut") {
      config = {
        type: "doughnut",
        data: { labels: spec.labels, datasets: [{ data: spec.values, backgroundColor: COLOURS }] },
        options: common
      };
    } else {
      common.plugins.legend.display = false;
      config = {
        type: "bar",
        data: {
          labels: spec.labels,
          datasets: [{ label: spec.series, data: spec.values, backgroundColor: COLOURS[0] }]
        },
        // Right to left: the labels on the right and the bars growing leftwards, as the page reads.
        options: Object.assign(common, {
          indexAxis: "y",
          scales: { x: { reverse: rtl, beginAtZero: true }, y: { position: rtl ? "right" : "left" } }
        })
      };
    }
    new window.Chart(canvas, config);
    canvas.dataset.drawn = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
