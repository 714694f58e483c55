// Words and formats shared by the pages: statuses, reasons, times, durations.
import {h} from "./dom.js";

export const STATUSES = ["scheduled", "queued", "pending", "sending", "sent", "delivered", "failed", "fallback", "cancelled"];
export const CHANNELS = ["imessage", "sms", "email"];
export const CHANNEL_LABELS = {imessage: "iMessage", sms: "SMS", email: "Email"};

const STATUS_LABELS = {
  scheduled: "Scheduled", queued: "Queued", pending: "Pending", sending: "Sending", sent: "Sent",
  delivered: "Delivered", failed: "Failed", fallback: "Fallback", cancelled: "Cancelled",
};
const STATUS_HINTS = {
  scheduled: "waiting for its time or send window", queued: "due; waiting for the line's caps or pacing",
  pending: "about to be sent", sending: "being handed to the provider", sent: "the provider accepted it",
  delivered: "the provider or device confirmed it", failed: "it did not go out", fallback: "the recipient cannot get iMessage",
  cancelled: "stopped before it was sent",
};
/** Series colours for charts, the same hues as the badges. */
export const STATUS_COLOURS = {
  scheduled: "#6b7280", queued: "#2563eb", pending: "#7c3aed", sending: "#4f46e5", sent: "#0f766e",
  delivered: "#15803d", failed: "#b91c1c", fallback: "#c2410c", cancelled: "#374151",
};

export const WAITING = new Set(["scheduled", "queued", "pending", "sending"]);
export const NOT_SENT = new Set(["failed", "fallback", "cancelled"]);
export const CANCELLABLE = new Set(["scheduled", "queued"]);

export function statusLabel(status) {
  return STATUS_LABELS[status] || String(status);
}

/** A coloured badge that says the status in words (colour is never the only signal). */
export function statusBadge(status) {
  const known = Object.prototype.hasOwnProperty.call(STATUS_LABELS, status);
  return h("span", {className: "badge " + (known ? "s-" + status : "s-unknown"), title: STATUS_HINTS[status] || null,
    "data-status": known ? status : "unknown"}, statusLabel(status));
}

/** The contract's error codes in words; the provider's own text is shown beside it. */
const REASONS = {
  CANCELLED_BY_USER: "Someone cancelled it before it was sent.",
  LEAD_DELETED: "The lead was deleted before the message went out.",
  DO_NOT_CONTACT: "Every address of the recipient is on the do-not-contact list.",
  NO_ADDRESS: "The lead has no address this channel can reach.",
  TEMPLATE_FIELD_MISSING: "The message uses a lead field that is empty for this lead, and its placeholder has no fallback.",
  IMESSAGE_UNAVAILABLE: "None of the recipient's addresses can receive iMessage.",
  PROVIDER_TIMEOUT: "The provider did not answer in time, and the retries ran out.",
  PROVIDER_ERROR: "Calling the provider failed, and the retries ran out.",
  PROVIDER_FAILED: "The provider reported that the message failed.",
  PROVIDER_NOT_SUPPORTED: "This server cannot send through this line's provider.",
  UNDELIVERED: "The provider accepted it, but it was never delivered.",
  SANDBOX_REJECTED: "The sandbox provider refused it: this test recipient always fails.",
  SANDBOX_TEMPORARILY_UNAVAILABLE: "The sandbox provider was unavailable on every try, and the retries ran out.",
  DISPATCH_RELEASED: "The sender stopped before sending it; it was queued again.",
  SMTP_AUTH_FAILED: "The mail server refused the line's credentials.",
  SMTP_CONNECT_FAILED: "The mail server could not be reached, and the retries ran out.",
  SMTP_INVALID_MESSAGE: "The email could not be built from this message.",
  BLUEBUBBLES_PASSWORD_REFUSED: "The BlueBubbles server refused the line's password.",
  BLUEBUBBLES_UNREACHABLE: "The BlueBubbles server could not be reached, and the retries ran out.",
  BLUEBUBBLES_RATE_LIMITED: "The BlueBubbles server kept asking to slow down, and the retries ran out.",
  BLUEBUBBLES_RELAY_ERROR: "The BlueBubbles server failed while relaying it, and the retries ran out.",
  BLUEBUBBLES_PRIVATE_API_UNAVAILABLE: "The BlueBubbles server's Private API is not available for this send.",
  BLUEBUBBLES_SEND_FAILED: "Messages on the BlueBubbles Mac reported that the send failed.",
  BLUEBUBBLES_REJECTED: "The BlueBubbles server refused it.",
};

/** The reason a message did not go out, in a sentence. */
export function reasonInWords(code, status) {
  if (code && REASONS[code]) return REASONS[code];
  if (code && /^SMTP_\d{3}$/.test(code)) return "The mail server refused it (SMTP reply " + code.slice(5) + ").";
  if (status === "fallback") return REASONS.IMESSAGE_UNAVAILABLE;
  if (status === "cancelled") return "It was cancelled before it was sent" + (code ? " (code " + code + ")." : ".");
  return "It did not go out" + (code ? " (code " + code + ")." : ".");
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "medium"});

/** A <time> element in the browser's zone, or a dash. */
export function time(iso) {
  if (!iso) return h("span", {className: "muted"}, h("span", {"aria-hidden": "true"}, "—"), h("span", {className: "visually-hidden"}, "none"));
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return h("time", {datetime: iso, title: iso}, DATE_TIME.format(d));
}

export function timeText(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : DATE_TIME.format(d);
}

/** 1234 → "1.2 s", 95000 → "1 min 35 s", null → "—". */
export function duration(ms) {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1000) return Math.round(ms) + " ms";
  const s = ms / 1000;
  if (s < 60) return (s < 10 ? s.toFixed(1) : Math.round(s)) + " s";
  const m = Math.floor(s / 60);
  if (m < 60) return m + " min " + Math.round(s % 60) + " s";
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return hrs + " h " + (m % 60) + " min";
  return Math.round(hrs / 24) + " days";
}

export function percent(rate) {
  if (rate === null || rate === undefined) return "—";
  return (Math.round(rate * 1000) / 10) + " %";
}

export function channelLabel(channel) {
  return CHANNEL_LABELS[channel] || String(channel || "—");
}

/** Who a message went (or goes) to: name and address. */
export function recipient(m) {
  const address = m.recipientPhone || m.recipientEmail || "";
  return m.recipientName ? m.recipientName + (address ? " · " + address : "") : (address || "—");
}

/** The browser's IANA zone, for reports by day. */
export function timezone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch (e) {
    return "UTC";
  }
}
