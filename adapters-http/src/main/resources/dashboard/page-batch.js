// Batch: one batch's counts per status, delivery rate and timings, and its messages per day as a chart.
import {errorBox, h, replace, route} from "./dom.js";
import {dailyChart} from "./chart.js";
import {countsList, lastDays, reasons, report, timings} from "./report.js";

/** How far back a batch's report looks. */
const DAYS = 90;

export function render(main, batchId) {
  document.title = "Batch " + batchId + " · Tuco Messages";
  let stopped = false;
  let chart = null;
  const body = h("div", {id: "batch-body"}, h("p", {className: "muted"}, "Loading the report…"));
  replace(main,
    h("p", {}, h("a", {href: "#/messages"}, "← All messages")),
    h("h1", {}, "Batch ", h("code", {}, batchId)),
    h("p", {}, h("a", {href: route("/messages", {batchId}), id: "batch-messages"}, "See this batch's messages"),
      h("span", {className: "muted"}, " · messages accepted in the last " + DAYS + " days")),
    body);
  const {from, to} = lastDays(DAYS);
  report(from, to, "day", {batchId}).then(json => {
    if (stopped) return;
    chart = dailyChart(json.rows || [], "This batch's messages per day by status", "batch-chart");
    replace(body,
      h("section", {"aria-labelledby": "b-counts"}, h("h2", {id: "b-counts"}, "Messages by status"), countsList(json.totals, "batch-counts")),
      h("section", {"aria-labelledby": "b-times"}, h("h2", {id: "b-times"}, "Delivery"), timings(json.totals, "batch-timings")),
      chart.element,
      h("section", {"aria-labelledby": "b-reasons"}, h("h2", {id: "b-reasons"}, "Why messages failed"), reasons(json.totals)));
  }).catch(e => {
    if (!stopped) replace(body, errorBox(e, "The batch report could not be read"));
  });
  return () => {
    stopped = true;
    if (chart) chart.stop();
  };
}
