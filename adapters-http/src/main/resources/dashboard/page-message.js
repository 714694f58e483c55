// Message: its text, where it stands and why, every event on a timeline, its replies, its webhook deliveries (when
// the service has webhooks), and a cancel button while it waits. Refreshed while it is still moving.
import {api} from "./api.js";
import {errorBox, h, replace, route} from "./dom.js";
import {CANCELLABLE, NOT_SENT, WAITING, channelLabel, reasonInWords, recipient, statusBadge, time} from "./format.js";

const REFRESH_MS = 3000;

export function render(main, id) {
  document.title = "Message · Tuco Messages";
  let stopped = false;
  let timer = null;
  let lastSeen = null;
  const body = h("div", {id: "message-body"}, h("p", {className: "muted"}, "Loading…"));
  const actionStatus = h("div", {id: "action-status", "aria-live": "polite"});
  replace(main,
    h("p", {}, h("a", {href: "#/messages"}, "← All messages")),
    h("h1", {}, "Message"),
    actionStatus,
    body);

  async function load() {
    let message;
    let events;
    try {
      [message, events] = await Promise.all([
        api("/messages/" + encodeURIComponent(id)).then(j => j.message),
        api("/messages/" + encodeURIComponent(id) + "/events").then(j => j.events)]);
    } catch (e) {
      if (!stopped) replace(body, errorBox(e, "The message could not be read"));
      return;
    }
    if (stopped) return;
    const [deliveries, replies] = await Promise.all([webhookDeliveries(id), messageReplies(id)]);
    if (stopped) return;
    const seen = JSON.stringify([message.updatedAt, message.status, events.length, deliveries, replies]);
    if (seen !== lastSeen) {
      lastSeen = seen;
      replace(body, ...view(message, events, deliveries, replies));
    }
    if (WAITING.has(message.status) || message.status === "sent" || (deliveries && deliveries.some(d => d.status === "pending"))) {
      timer = setTimeout(load, REFRESH_MS);
    }
  }

  async function cancel(button) {
    button.disabled = true;
    replace(actionStatus, h("p", {className: "muted"}, "Cancelling…"));
    try {
      await api("/messages/" + encodeURIComponent(id) + "/cancel", {method: "POST", body: {}});
      replace(actionStatus, h("p", {className: "ok", role: "status"}, "The message was cancelled."));
    } catch (e) {
      replace(actionStatus, errorBox(e, "It could not be cancelled"));
      button.disabled = false;
    }
    clearTimeout(timer);
    lastSeen = null;
    load();
  }

  function view(m, events, deliveries, replies) {
    const parts = [];
    parts.push(h("div", {className: "status-line"}, statusBadge(m.status),
      CANCELLABLE.has(m.status)
        ? h("button", {type: "button", className: "danger", id: "cancel-message", onclick: e => cancel(e.currentTarget)},
          "Cancel this message")
        : null));
    if (NOT_SENT.has(m.status)) {
      parts.push(h("section", {className: "reason", id: "reason", "aria-labelledby": "reason-title"},
        h("h2", {id: "reason-title"}, "Why it did not go out"),
        h("p", {className: "reason-words"}, reasonInWords(m.errorCode, m.status)),
        m.errorMessage ? h("p", {className: "muted"}, "Details: ", m.errorMessage) : null,
        m.errorCode ? h("p", {className: "muted"}, "Code: ", h("code", {}, m.errorCode)) : null,
        m.checkedAddresses && m.checkedAddresses.length
          ? h("p", {className: "muted"}, "Addresses tried: " + m.checkedAddresses.join(", ")) : null,
        m.fallbackMessageId
          ? h("p", {}, h("a", {href: "#/messages/" + encodeURIComponent(m.fallbackMessageId)}, "See the fallback SMS")) : null));
    }
    parts.push(h("section", {"aria-labelledby": "text-title"},
      h("h2", {id: "text-title"}, m.renderedMessage !== null && m.renderedMessage !== undefined ? "Text as sent"
        : WAITING.has(m.status) ? "Text (the template; filled in when it is sent)" : "Text (the template; it was never filled in)"),
      h("div", {className: "message-text", id: "message-text"}, m.renderedMessage ?? m.message),
      m.subject ? h("p", {className: "muted"}, "Subject: ", m.subject) : null));
    parts.push(h("section", {"aria-labelledby": "facts-title"},
      h("h2", {id: "facts-title"}, "Details"),
      h("dl", {className: "facts"},
        fact("Channel", channelLabel(m.messageType)),
        fact("Recipient", recipient(m)),
        fact("From line", m.fromLinePhone || m.fromLineEmail || m.fromLineId || "—"),
        fact("Batch", m.batchId ? h("a", {href: route("/batches/" + encodeURIComponent(m.batchId))}, m.batchId) : "—"),
        fact("Created", time(m.createdAt)),
        fact("Scheduled for", time(m.scheduledDate)),
        fact("Sent", time(m.sentAt)),
        fact("Delivered", time(m.deliveredAt)),
        fact("Read", time(m.readAt)),
        m.replyCount !== undefined ? fact("Replies", String(m.replyCount)) : null,
        fact("Message id", h("code", {}, m._id)),
        fact("Correlation id", m.correlationId ? h("code", {}, m.correlationId) : "—"))));
    parts.push(h("section", {"aria-labelledby": "timeline-title"},
      h("h2", {id: "timeline-title"}, "Timeline"),
      events.length
        ? h("ol", {className: "timeline", id: "timeline"}, events.map(eventItem))
        : h("p", {className: "muted"}, "No events yet.")));
    if (replies) {
      parts.push(h("section", {"aria-labelledby": "replies-title", id: "replies"},
        h("h2", {id: "replies-title"}, "Replies"),
        replies.length ? repliesList(replies) : h("p", {className: "muted"}, "No reply to this message yet.")));
    }
    if (deliveries) {
      parts.push(h("section", {"aria-labelledby": "deliveries-title", id: "webhook-deliveries"},
        h("h2", {id: "deliveries-title"}, "Webhook deliveries"),
        deliveries.length ? deliveriesTable(deliveries) : h("p", {className: "muted"}, "No webhook was called for this message.")));
    }
    return parts;
  }

  load();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** The message's webhook deliveries, or null when this service has no such route (404): then the section is hidden. */
async function webhookDeliveries(id) {
  try {
    const json = await api("/messages/" + encodeURIComponent(id) + "/deliveries");
    return Array.isArray(json.deliveries) ? json.deliveries : [];
  } catch (e) {
    if (e.status === 404) return null;
    return [{_error: e}];
  }
}

/** The replies whose parent is this message, newest first, or null when this service has no replies route. */
async function messageReplies(id) {
  try {
    const json = await api("/replies?messageId=" + encodeURIComponent(id) + "&limit=100");
    return Array.isArray(json.replies) ? json.replies : [];
  } catch (e) {
    if (e.status === 404) return null;
    return [{_error: e}];
  }
}

function repliesList(replies) {
  if (replies.length === 1 && replies[0]._error) return errorBox(replies[0]._error, "Replies could not be read");
  return h("ol", {className: "timeline", id: "reply-list"}, replies.map(r => h("li", {},
    h("div", {className: "when"}, time(r.receivedAt)),
    h("div", {className: "what"},
      h("strong", {}, r.fromPhone || r.fromEmail || "—"), " ",
      h("span", {className: "reply-text"}, r.message || ""),
      (r.attachments || []).length ? h("span", {className: "muted"}, " (" + r.attachments.length + " attachment(s))") : null))));
}

function deliveriesTable(deliveries) {
  if (deliveries.length === 1 && deliveries[0]._error) return errorBox(deliveries[0]._error, "Webhook deliveries could not be read");
  const labels = {pending: "Pending", succeeded: "Succeeded", failed: "Failed"};
  return h("div", {className: "table-wrap"}, h("table", {className: "deliveries"},
    h("thead", {}, h("tr", {}, ["Event", "Status", "Attempts", "Last answer", "Last attempt", "Next attempt"]
      .map(t => h("th", {scope: "col"}, t)))),
    h("tbody", {}, deliveries.map(d => h("tr", {},
      h("td", {"data-label": "Event"}, d.event),
      h("td", {"data-label": "Status"}, h("span", {className: "badge d-" + (labels[d.status] ? d.status : "unknown")},
        labels[d.status] || String(d.status))),
      h("td", {"data-label": "Attempts"}, String(d.attempts ?? "—")),
      h("td", {"data-label": "Last answer"}, d.lastStatusCode ? "HTTP " + d.lastStatusCode : "—"),
      h("td", {"data-label": "Last attempt"}, time(d.lastAttemptAt)),
      h("td", {"data-label": "Next attempt"}, time(d.nextAttemptAt)))))));
}

const EVENT_WORDS = {
  accepted: "Accepted", status_changed: "Status changed", read: "Read by the recipient", ignored: "Provider event ignored",
  send_recorded: "Send recorded", replied: "Reply received", fallback_linked: "Fallback SMS created", rescheduled: "Rescheduled to the next window",
};

function eventItem(e) {
  const detail = Object.entries(e.detail || {});
  return h("li", {dataset: {type: e.type, to: e.toStatus}},
    h("div", {className: "when"}, time(e.at)),
    h("div", {className: "what"},
      h("strong", {}, EVENT_WORDS[e.type] || e.type), " ",
      e.fromStatus && e.fromStatus !== e.toStatus
        ? [statusBadge(e.fromStatus), h("span", {"aria-hidden": "true"}, " → "), h("span", {className: "visually-hidden"}, " to "),
          statusBadge(e.toStatus)]
        : statusBadge(e.toStatus)),
    detail.length
      ? h("dl", {className: "detail"}, detail.map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))
      : null);
}

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value)];
}

