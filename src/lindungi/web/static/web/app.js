// Lindungi's page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
"use strict";

function chartConfig(spec, canvas) {
  // spec: {type: "bar" | "line" | "doughnut", labels, series: [{label, data, dashed?}],
  //        percent?: values are percentages, stacked?: bars stacked}
  var isBar = spec.type === "bar";
  var horizontal = isBar && spec.labels.length > 12;
  if (horizontal) {
    // One readable row per label: the chart grows instead of skipping labels.
    canvas.parentElement.style.height = Math.max(240, spec.labels.length * 24) + "px";
  }
  var valueAxis = { beginAtZero: true, stacked: !!spec.stacked };
  if (spec.percent) {
    valueAxis.ticks = { callback: function (value) { return value + " %"; } };
  }
  var labelAxis = { stacked: !!spec.stacked, ticks: { autoSkip: !horizontal } };
  var scales = {};
  if (spec.type !== "doughnut") {
    scales[horizontal ? "x" : "y"] = valueAxis;
    scales[horizontal ? "y" : "x"] = labelAxis;
  }
  return {
    type: spec.type,
    data: {
      labels: spec.labels,
      datasets: spec.series.map(function (s) {
        var dataset = { label: s.label, data: s.data };
        if (spec.type === "line") {
          dataset.spanGaps = true;
          dataset.tension = 0.2;
          if (s.dashed) { dataset.borderDash = [6, 4]; dataset.pointRadius = 0; }
        }
        return dataset;
      })
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? "y" : "x",
      scales: scales,
      plugins: {
        legend: { display: spec.type === "doughnut" || spec.series.length > 1 }
      }
    }
  };
}

function drawCharts(root) {
  if (typeof window.Chart === "undefined") return;
  root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    if (canvas.dataset.drawn) return;
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    new window.Chart(canvas, chartConfig(JSON.parse(source.textContent), canvas));
    canvas.dataset.drawn = "1";
  });
}

document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });

// "Tick all" boxes: <input type="checkbox" data-check-all="worker"> ticks every box named
// "worker" in its form; <small data-count-of="worker"> in the same form says how many are ticked.
function countTicked(form) {
  form.querySelectorAll("[data-count-of]").forEach(function (counter) {
    var name = counter.dataset.countOf;
    var ticked = form.querySelectorAll('input[type=checkbox][name="' + name + '"]:checked').length;
    counter.textContent = ticked ? "✓ " + ticked : "";
  });
}

document.addEventListener("change", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox" || !box.form) return;
  if (box.dataset.checkAll) {
    box.form.querySelectorAll('input[type=checkbox][name="' + box.dataset.checkAll + '"]')
      .forEach(function (other) { if (!other.disabled) other.checked = box.checked; });
  }
  countTicked(box.form);
});
document.addEventListener("htmx:afterSwap", function (event) {
  var form = event.target.closest && event.target.closest("form");
  if (form) countTicked(form);
});
