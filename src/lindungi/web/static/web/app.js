// Lindungi's page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
"use strict";

function drawCharts(root) {
  if (typeof window.Chart === "undefined") return;
  root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    if (canvas.dataset.drawn) return;
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var spec = JSON.parse(source.textContent);
    var horizontal = spec.labels.length > 12;
    if (horizontal) {
      // One readable row per label: the chart grows instead of skipping labels.
      canvas.parentElement.style.height = Math.max(240, spec.labels.length * 24) + "px";
    }
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) { return { label: s.label, data: s.data }; })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        scales: horizontal ? { y: { ticks: { autoSkip: false } } } : {},
        plugins: { legend: { display: spec.series.length > 1 } }
      }
    });
    canvas.dataset.drawn = "1";
  });
}

document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
