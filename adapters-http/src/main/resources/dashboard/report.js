// Reading GET /api/reports/messages and showing its figures: counts per status, delivery rate, medians, reasons.
import {api} from "./api.js";
import {h} from "./dom.js";
import {STATUSES, duration, percent, reasonInWords, statusBadge, timezone} from "./format.js";

/** The report for [from, to) grouped by groupBy in the browser's time zone, plus any other filter. */
export function report(from, to, groupBy, more) {
  return api("/reports/messages", {query: Object.assign({from: from.toISOString(), to: to.toISOString(), groupBy,
    timezone: timezone()}, more || {})});
}

/** Midnight (browser zone) `days` days before today, and midnight tomorrow: a window covering whole days. */
export function lastDays(days) {
  const to = new Date();
  to.setHours(0, 0, 0, 0);
  to.setDate(to.getDate() + 1);
  const from = new Date(to);
  from.setDate(from.getDate() - days);
  return {from, to};
}

/** The count of each status as a definition list, with the total. */
export function countsList(totals, id) {
  const counts = (totals && totals.counts) || {};
  return h("dl", {className: "counts", id},
    h("div", {className: "count total"}, h("dt", {}, "Messages"), h("dd", {}, String(totals ? totals.total : 0))),
    STATUSES.map(s => h("div", {className: "count", dataset: {status: s}},
      h("dt", {}, statusBadge(s)), h("dd", {}, String(counts[s] || 0)))));
}

/** Delivery rate and the accept → sent / delivered medians and p90s. */
export function timings(totals, id) {
  const t = totals || {};
  const sent = t.acceptToSent || {};
  const delivered = t.acceptToDelivered || {};
  return h("dl", {className: "figures", id},
    h("div", {}, h("dt", {}, "Delivery rate"), h("dd", {}, percent(t.deliveryRate),
      t.deliveryRate === null || t.deliveryRate === undefined ? h("span", {className: "muted"}, " (no sent message with receipts)") : null)),
    h("div", {}, h("dt", {}, "Accepted → sent, median"), h("dd", {}, duration(sent.medianMs))),
    h("div", {}, h("dt", {}, "Accepted → sent, 90th percentile"), h("dd", {}, duration(sent.p90Ms))),
    h("div", {}, h("dt", {}, "Accepted → delivered, median"), h("dd", {}, duration(delivered.medianMs))),
    h("div", {}, h("dt", {}, "Accepted → delivered, 90th percentile"), h("dd", {}, duration(delivered.p90Ms))));
}

/** The top failure reasons in words, with their counts. */
export function reasons(totals) {
  const list = (totals && totals.failureReasons) || [];
  if (!list.length) return h("p", {className: "muted"}, "No message failed in this period.");
  return h("ul", {className: "reasons"}, list.map(r => h("li", {},
    h("strong", {}, String(r.count)), " × ", reasonInWords(r.errorCode, "failed"), " ", h("code", {}, r.errorCode || "—"))));
}
