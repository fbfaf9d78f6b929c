// Lindungi's page behaviour. No inline scripts anywhere: the Content Security Policy forbids them.
"use strict";

// Charts. Every chart is drawn from a small spec (coverage/web/tables.py) with one set of
// options, `chartOptions`: figures written as the page's language writes them
// (`Intl.NumberFormat(document.documentElement.lang)`: "0,9 %" and "317.423" in Indonesian) on
// the axes and in the tooltips, and a canvas that follows its box (`figure.chart` in app.css
// gives the height and lets the width shrink), so a chart redraws to fit after a rotation.
var chartNumbers = (function () {
  var formats = {};
  function format(places) {
    var language = document.documentElement.lang || "id";
    var key = language + ":" + places;
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat(language, { maximumFractionDigits: places });
    }
    return formats[key];
  }
  return {
    count: function (value) { return format(0).format(value); },
    percent: function (value) { return format(2).format(value) + " %"; }
  };
})();

function chartOptions(spec, horizontal) {
  // spec: {type: "bar" | "line" | "doughnut", labels, series, percent?: values are
  //        percentages, stacked?: bars stacked}
  var figure = spec.percent ? chartNumbers.percent : chartNumbers.count;
  var valueAxis = {
    beginAtZero: true,
    stacked: !!spec.stacked,
    ticks: { callback: function (value) { return figure(value); }, precision: spec.percent ? 2 : 0 }
  };
  var labelAxis = { stacked: !!spec.stacked, ticks: { autoSkip: !horizontal } };
  var scales = {};
  if (spec.type !== "doughnut") {
    scales[horizontal ? "x" : "y"] = valueAxis;
    scales[horizontal ? "y" : "x"] = labelAxis;
  }
  return {
    responsive: true,
    maintainAspectRatio: false,  // the box (figure.chart) sets the height
    resizeDelay: 50,
    locale: document.documentElement.lang || "id",
    indexAxis: horizontal ? "y" : "x",
    scales: scales,
    plugins: {
      legend: { display: spec.type === "doughnut" || spec.series.length > 1 },
      tooltip: {
        callbacks: {
          label: function (item) {
            var value = spec.type === "doughnut" ? item.parsed : item.parsed[horizontal ? "x" : "y"];
            var name = item.dataset.label || item.label || "";
            return (name ? name + ": " : "") + (value === null ? "–" : figure(value));
          }
        }
      }
    }
  };
}

function chartConfig(spec, canvas) {
  var horizontal = spec.type === "bar" && spec.labels.length > 12;
  if (horizontal) {
    // One readable row per label: the chart grows instead of skipping labels.
    canvas.parentElement.style.height = Math.max(240, spec.labels.length * 24) + "px";
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
    options: chartOptions(spec, horizontal)
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
