// Building DOM from values without any HTML parsing: every value becomes a text node or a property, never markup.

const PROPS = new Set(["className", "id", "type", "name", "value", "checked", "disabled", "hidden", "htmlFor", "title",
  "min", "max", "step", "placeholder", "autocomplete", "required", "tabIndex", "colSpan", "open"]);

/**
 * h("a", {href: "#/x", className: "y", "aria-label": "z", onclick: fn}, "text", child, [more]) → Element.
 * Strings and numbers become text nodes; null/undefined/false children are skipped; on* keys must be functions.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) {
      if (typeof value !== "function") throw new Error("event handler must be a function: " + key);
      el.addEventListener(key.slice(2), value);
    } else if (key === "href") {
      el.setAttribute("href", safeHref(value));
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (PROPS.has(key)) {
      el[key] = value;
    } else if (key.startsWith("aria-") || key.startsWith("data-") || key === "role" || key === "for" || key === "scope"
        || key === "datetime" || key === "low" || key === "high" || key === "optimum" || key === "lang") {
      el.setAttribute(key, String(value));
    } else {
      throw new Error("attribute not allowed: " + key);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Only links inside the dashboard (hash routes) or to this origin's paths. */
function safeHref(value) {
  const s = String(value);
  return s.startsWith("#") || (s.startsWith("/") && !s.startsWith("//")) ? s : "#";
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A hash link with query parameters, each value encoded. */
export function route(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== null && v !== undefined && v !== "") q.set(k, v);
  }
  const s = q.toString();
  return "#" + path + (s ? "?" + s : "");
}

/** An alert box with the API's message (and its code), for a failed call. */
export function errorBox(error, context) {
  const code = error && error.code ? " (" + error.code + ")" : "";
  return h("div", {className: "error", role: "alert"},
    h("strong", {}, context ? context + ": " : "Error: "),
    (error && error.message ? error.message : String(error)) + code);
}
