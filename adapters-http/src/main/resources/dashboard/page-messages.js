// Messages: the workspace's messages, newest first, filtered; refreshed in place every few seconds (rows are updated
// and new ones inserted, never rebuilt, so the scroll position and focus stay); older pages by cursor.
import {api} from "./api.js";
import {errorBox, h, replace, route} from "./dom.js";
import {CHANNELS, STATUSES, channelLabel, recipient, statusBadge, statusLabel, time, timeText} from "./format.js";

const REFRESH_MS = 3000;
const PAGE = 50;
const FILTERS = ["status", "messageType", "fromLineId", "batchId", "createdFrom", "createdTo"];

export function render(main, _arg, params) {
  document.title = "Messages · Tuco Messages";
  const filters = {};
  for (const f of FILTERS) filters[f] = params.get(f) || "";
  const lines = new Map();
  const rows = new Map();
  let cursor = null;
  let timer = null;
  let live = true;
  let stopped = false;

  const lineSelect = h("select", {id: "f-line", name: "fromLineId"}, h("option", {value: ""}, "All lines"));
  const form = h("form", {className: "filters", "aria-label": "Filter messages", onsubmit: event => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const f of FILTERS) next[f] = (data.get(f) || "").toString().trim();
    next.createdFrom = dayStart(next.createdFrom);
    next.createdTo = dayEnd(next.createdTo);
    window.location.hash = route("/messages", next);
  }},
  field("f-status", "Status", h("select", {id: "f-status", name: "status"}, h("option", {value: ""}, "All statuses"),
    STATUSES.map(s => h("option", {value: s}, statusLabel(s))))),
  field("f-channel", "Channel", h("select", {id: "f-channel", name: "messageType"}, h("option", {value: ""}, "All channels"),
    CHANNELS.map(c => h("option", {value: c}, channelLabel(c))))),
  field("f-line", "Line", lineSelect),
  field("f-batch", "Batch", h("input", {id: "f-batch", name: "batchId", type: "text", autocomplete: "off"})),
  field("f-from", "Created from", h("input", {id: "f-from", name: "createdFrom", type: "date"})),
  field("f-to", "Created to", h("input", {id: "f-to", name: "createdTo", type: "date"})),
  h("div", {className: "actions"},
    h("button", {type: "submit"}, "Apply filters"),
    h("a", {className: "button secondary", href: "#/messages"}, "Clear")));
  form.elements.status.value = filters.status;
  form.elements.messageType.value = filters.messageType;
  form.elements.batchId.value = filters.batchId;
  form.elements.createdFrom.value = dayOf(filters.createdFrom);
  form.elements.createdTo.value = dayOf(filters.createdTo);

  const tbody = h("tbody", {});
  const table = h("table", {className: "messages", id: "messages-table"},
    h("caption", {className: "visually-hidden"}, "Messages, newest first"),
    h("thead", {}, h("tr", {}, ["Status", "Channel", "Line", "Recipient", "Batch", "Created", "Sent", "Delivered"]
      .map(t => h("th", {scope: "col"}, t)))),
    tbody);
  const empty = h("p", {className: "muted", hidden: true, id: "messages-empty"}, "No messages match these filters.");
  const problem = h("div", {id: "messages-problem"});
  const more = h("button", {type: "button", className: "secondary", hidden: true, id: "load-more", onclick: loadMore},
    "Load more");
  const updated = h("span", {id: "refresh-state", className: "muted"}, "");
  const pause = h("button", {type: "button", className: "secondary small", "aria-pressed": "false", id: "pause-refresh",
    onclick: () => {
      live = !live;
      pause.setAttribute("aria-pressed", String(!live));
      pause.textContent = live ? "Pause live updates" : "Resume live updates";
      if (live) schedule();
    }}, "Pause live updates");

  const batchLink = filters.batchId
    ? h("p", {}, "Showing batch ", h("code", {}, filters.batchId), ". ",
        h("a", {href: route("/batches/" + encodeURIComponent(filters.batchId))}, "Open this batch's report"))
    : null;
  replace(main,
    h("h1", {}, "Messages"),
    form,
    batchLink,
    h("div", {className: "toolbar"}, updated, pause),
    problem,
    h("div", {className: "table-wrap"}, table),
    empty,
    more);

  api("/lines/by-user").then(json => {
    for (const line of json.lines || []) {
      lines.set(line._id, line);
      lineSelect.appendChild(h("option", {value: line._id}, line.name + " (" + (line.phone || line.email || line._id) + ")"));
    }
    lineSelect.value = filters.fromLineId;
    for (const {tr, message} of rows.values()) fill(tr, message);
  }).catch(e => problem.appendChild(errorBox(e, "Lines could not be read")));

  function query(extra) {
    return Object.assign({limit: PAGE}, filters, extra || {});
  }

  async function firstLoad() {
    try {
      const json = await api("/messages", {query: query()});
      if (stopped) return;
      merge(json.messages, false);
      cursor = json.nextCursor;
      more.hidden = !cursor;
      stamp();
    } catch (e) {
      replace(problem, errorBox(e, "Messages could not be read"));
    }
    schedule();
  }

  async function loadMore() {
    if (!cursor) return;
    more.disabled = true;
    try {
      const json = await api("/messages", {query: query({cursor})});
      merge(json.messages, true);
      cursor = json.nextCursor;
      more.hidden = !cursor;
    } catch (e) {
      replace(problem, errorBox(e, "More messages could not be read"));
    }
    more.disabled = false;
  }

  async function refresh() {
    if (stopped || !live) return;
    if (document.hidden) {
      schedule();
      return;
    }
    try {
      const json = await api("/messages", {query: query()});
      if (stopped) return;
      merge(json.messages, false);
      if (rows.size <= json.messages.length) {
        cursor = json.nextCursor;
        more.hidden = !cursor;
      }
      replace(problem);
      stamp();
    } catch (e) {
      replace(problem, errorBox(e, "Live update failed; retrying"));
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped && live) timer = setTimeout(refresh, REFRESH_MS);
  }

  function stamp() {
    updated.textContent = (live ? "Live" : "Paused") + " · updated " + new Date().toLocaleTimeString();
  }

  /** Updates known rows in place; new ones go after the previous row of the answer (at the top for a first page). */
  function merge(messages, append) {
    let previous = append ? tbody.lastElementChild : null;
    for (const m of messages) {
      const known = rows.get(m._id);
      if (known) {
        if (known.message.updatedAt !== m.updatedAt || known.message.status !== m.status) {
          known.message = m;
          fill(known.tr, m);
        }
        previous = known.tr;
        continue;
      }
      const tr = h("tr", {dataset: {id: m._id}});
      fill(tr, m);
      rows.set(m._id, {tr, message: m});
      if (previous) previous.after(tr);
      else tbody.prepend(tr);
      previous = tr;
    }
    empty.hidden = rows.size > 0;
    table.hidden = rows.size === 0;
  }

  function fill(tr, m) {
    const line = lines.get(m.fromLineId);
    const lineText = line ? line.name : (m.fromLinePhone || m.fromLineEmail || m.fromLineId || "—");
    tr.dataset.status = m.status;
    replace(tr,
      cell("Status", statusBadge(m.status)),
      cell("Channel", channelLabel(m.messageType)),
      cell("Line", lineText),
      cell("Recipient", h("a", {href: "#/messages/" + encodeURIComponent(m._id),
        "aria-label": "Message to " + recipient(m) + ", " + statusLabel(m.status) + ", created " + timeText(m.createdAt)},
        recipient(m))),
      cell("Batch", m.batchId
        ? h("a", {href: route("/messages", {batchId: m.batchId}), title: "Show only this batch"}, m.batchId)
        : h("span", {className: "muted"}, "—")),
      cell("Created", time(m.createdAt)),
      cell("Sent", time(m.sentAt)),
      cell("Delivered", time(m.deliveredAt)));
  }

  firstLoad();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

function cell(label, content) {
  return h("td", {"data-label": label}, content);
}

function field(id, label, control) {
  return h("div", {className: "field"}, h("label", {htmlFor: id}, label), control);
}

/** "2026-03-10" (the browser's day) → that day's first instant as ISO-8601 UTC. */
function dayStart(day) {
  if (!day) return "";
  const d = new Date(day + "T00:00:00");
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

function dayEnd(day) {
  if (!day) return "";
  const d = new Date(day + "T23:59:59.999");
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

/** ISO instant → "YYYY-MM-DD" in the browser's zone, for the date inputs. */
function dayOf(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = n => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
}
