// Lines: each line's usage today against its caps as bars, and its health with the last check and reason.
import {api} from "./api.js";
import {errorBox, h, replace} from "./dom.js";
import {channelLabel, time} from "./format.js";

const HEALTH = {healthy: "Healthy", unhealthy: "Unhealthy", unknown: "Not checked yet"};

export function render(main) {
  document.title = "Lines · Tuco Messages";
  let stopped = false;
  const body = h("div", {id: "lines-body"}, h("p", {className: "muted"}, "Loading lines…"));
  replace(main, h("h1", {}, "Lines"),
    h("p", {className: "muted"}, "Usage counts reset at 00:00 UTC; a message over a cap waits, it is never refused."), body);
  api("/lines/by-user").then(json => {
    if (stopped) return;
    const lines = json.lines || [];
    replace(body, lines.length
      ? h("ul", {className: "lines", id: "lines"}, lines.map(lineCard))
      : h("p", {className: "muted"}, "This workspace has no line yet."));
  }).catch(e => {
    if (!stopped) replace(body, errorBox(e, "Lines could not be read"));
  });
  return () => {
    stopped = true;
  };
}

function lineCard(line) {
  const usage = line.usage || {};
  const health = line.healthCheck || {};
  const status = HEALTH[health.status] ? health.status : "unknown";
  const id = "line-" + line._id;
  return h("li", {className: "line-card", dataset: {id: line._id}, "aria-labelledby": id + "-name"},
    h("h2", {id: id + "-name"}, line.name || line._id),
    h("p", {className: "muted"},
      (line.channels || []).map(channelLabel).join(", "), " · ", line.phone || line.email || "—", " · ", line.provider,
      line.isActive ? "" : " · inactive"),
    h("div", {className: "usage"},
      bar(id + "-total", "Messages today", usage.totalMessagesCount, line.dailyTotalMessagesLimit),
      bar(id + "-new", "New conversations today", usage.newConversationsCount, line.dailyNewConversationsLimit),
      h("p", {className: "muted"}, (isEmailOnly(line) ? "No hourly cap for email; "
        : "At most " + line.hourlyNewConversationsLimit + " new conversations an hour; ")
        + (line.pacingSeconds ? line.pacingSeconds + " s between messages." : "no pacing."))),
    h("p", {className: "health"}, "Health: ",
      h("span", {className: "badge h-" + status, dataset: {health: status}}, HEALTH[status]),
      " · ", health.lastCheckedAt ? ["last checked ", time(health.lastCheckedAt)] : "never checked"),
    health.reason ? h("p", {className: "health-reason"}, "Reason: ", health.reason) : null);
}

function isEmailOnly(line) {
  const channels = line.channels || [];
  return channels.length > 0 && channels.every(c => c === "email");
}

/** A labelled meter "used of cap", coloured as it nears the cap. */
function bar(id, label, used, cap) {
  const value = Number(used) || 0;
  const max = Math.max(1, Number(cap) || 0);
  return h("div", {className: "bar"},
    h("label", {htmlFor: id}, label),
    h("meter", {id, min: 0, max, value: Math.min(value, max), low: Math.floor(max * 0.7), high: Math.floor(max * 0.9),
      optimum: 0}),
    h("span", {className: "bar-text", dataset: {used: String(value), cap: String(cap)}}, value + " of " + cap));
}
