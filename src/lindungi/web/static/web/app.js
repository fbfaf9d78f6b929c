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
