// Overview: the last 30 days, messages per day by status, and the report's counts, rate and medians.
import {errorBox, h, replace} from "./dom.js";
import {dailyChart} from "./chart.js";
import {countsList, lastDays, reasons, report, timings} from "./report.js";

export function render(main) {
  document.title = "Overview · Tuco Messages";
  let stopped = false;
  let chart = null;
  const body = h("div", {id: "overview-body"}, h("p", {className: "muted"}, "Loading the report…"));
  replace(main, h("h1", {}, "Overview"), h("p", {className: "muted"}, "The last 30 days, by the day messages were accepted."), body);
  const {from, to} = lastDays(30);
  report(from, to, "day").then(json => {
    if (stopped) return;
    chart = dailyChart(json.rows || [], "Messages per day by status, last 30 days", "overview-chart");
    replace(body,
      chart.element,
      h("section", {"aria-labelledby": "ov-counts"}, h("h2", {id: "ov-counts"}, "Messages by status"), countsList(json.totals, "overview-counts")),
      h("section", {"aria-labelledby": "ov-times"}, h("h2", {id: "ov-times"}, "Delivery"), timings(json.totals, "overview-timings")),
      h("section", {"aria-labelledby": "ov-reasons"}, h("h2", {id: "ov-reasons"}, "Why messages failed"), reasons(json.totals)));
  }).catch(e => {
    if (!stopped) replace(body, errorBox(e, "The report could not be read"));
  });
  return () => {
    stopped = true;
    if (chart) chart.stop();
  };
}
