// Messages per day by status as a uPlot chart, with the same numbers as a table for screen readers and keyboards.
import uPlot from "./uPlot.esm.js";
import {h} from "./dom.js";
import {STATUSES, STATUS_COLOURS, statusLabel} from "./format.js";

/**
 * @param rows the report's rows grouped by day ("key": "YYYY-MM-DD"), any order
 * @returns {element, stop} the chart's figure; stop() detaches its resize listener
 */
export function dailyChart(rows, title, id) {
  const sorted = [...rows].sort((a, b) => String(a.key).localeCompare(String(b.key)));
  const shown = STATUSES.filter(s => sorted.some(r => (r.counts || {})[s] > 0));
  const xs = sorted.map(r => dayToSeconds(r.key));
  const data = [xs, ...shown.map(s => sorted.map(r => (r.counts || {})[s] || 0))];
  const plot = h("div", {className: "plot", "aria-hidden": "true"});
  const figure = h("figure", {className: "chart", id},
    h("figcaption", {}, title),
    plot,
    numbersTable(sorted, shown));
  let chart = null;
  const width = () => Math.max(280, Math.min(1100, (figure.clientWidth || 600) - 8));
  const onResize = () => chart && chart.setSize({width: width(), height: 260});
  if (!sorted.length) {
    plot.appendChild(h("p", {className: "muted"}, "No messages in this period."));
    return {element: figure, stop() {}};
  }
  // drawn once the figure is in the document, so it can take the figure's width
  requestAnimationFrame(() => {
    chart = new uPlot({
      width: width(), height: 260,
      scales: {x: {time: true}},
      axes: [{}, {label: "messages"}],
      series: [{label: "day"}, ...shown.map(s => ({label: statusLabel(s), stroke: STATUS_COLOURS[s], width: 2,
        points: {show: true, size: 5}}))],
    }, data, plot);
    window.addEventListener("resize", onResize);
  });
  return {element: figure, stop() {
    window.removeEventListener("resize", onResize);
    if (chart) chart.destroy();
  }};
}

function numbersTable(rows, statuses) {
  return h("details", {},
    h("summary", {}, "Show the numbers"),
    h("div", {className: "table-wrap scroll", tabIndex: 0, role: "region", "aria-label": "Numbers per day"},
      h("table", {className: "numbers"},
      h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Day"), h("th", {scope: "col"}, "Total"),
        statuses.map(s => h("th", {scope: "col"}, statusLabel(s))))),
      h("tbody", {}, rows.map(r => h("tr", {}, h("th", {scope: "row"}, String(r.key)), h("td", {}, String(r.total)),
        statuses.map(s => h("td", {}, String((r.counts || {})[s] || 0)))))))));
}

/** "2026-03-10" → seconds at that day's local midnight (uPlot's x values). */
function dayToSeconds(day) {
  const d = new Date(String(day) + "T00:00:00");
  return Math.round(d.getTime() / 1000);
}
