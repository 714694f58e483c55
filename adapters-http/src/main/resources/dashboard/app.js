// The dashboard's shell: sign-in, navigation and hash routing. Each page module exports render(main, params, ctx),
// which may return a function that stops its timers when the page is left.
import {api, apiKey, onUnauthorized, signIn, signOut} from "./api.js";
import {errorBox, h, replace} from "./dom.js";
import * as messages from "./page-messages.js";
import * as message from "./page-message.js";
import * as batch from "./page-batch.js";
import * as lines from "./page-lines.js";
import * as overview from "./page-overview.js";

const main = document.getElementById("main");
const nav = document.getElementById("nav");
const signOutButton = document.getElementById("sign-out");
let leave = null;
let notice = null;

/** #/messages/abc?x=1 → {page, id, params} */
function parse(hash) {
  const raw = (hash || "").replace(/^#/, "") || "/messages";
  const [path, query] = raw.split("?", 2);
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return {parts, params: new URLSearchParams(query || "")};
}

function pageFor(parts) {
  if (parts[0] === "messages" && parts[1]) return {module: message, name: "messages", arg: parts[1]};
  if (parts[0] === "messages") return {module: messages, name: "messages"};
  if (parts[0] === "batches" && parts[1]) return {module: batch, name: "batch", arg: parts[1]};
  if (parts[0] === "lines") return {module: lines, name: "lines"};
  if (parts[0] === "overview") return {module: overview, name: "overview"};
  return null;
}

function show() {
  if (leave) {
    try { leave(); } catch (e) { /* a page that fails to stop must not block the next */ }
    leave = null;
  }
  if (!apiKey()) {
    showSignIn();
    return;
  }
  nav.hidden = false;
  signOutButton.hidden = false;
  const {parts, params} = parse(window.location.hash);
  const page = pageFor(parts);
  for (const a of nav.querySelectorAll("a")) {
    if (page && a.dataset.page === page.name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  replace(main);
  if (!page) {
    main.appendChild(h("h1", {}, "Not found"));
    main.appendChild(h("p", {}, "There is no page here. ", h("a", {href: "#/messages"}, "Go to messages")));
    return;
  }
  try {
    const result = page.module.render(main, page.arg, params);
    if (typeof result === "function") leave = result;
  } catch (e) {
    main.appendChild(errorBox(e, "This page failed"));
  }
}

function showSignIn() {
  nav.hidden = true;
  signOutButton.hidden = true;
  document.title = "Sign in · Tuco Messages";
  const input = h("input", {id: "api-key", name: "apiKey", type: "password", autocomplete: "off", required: true,
    "aria-describedby": "api-key-help"});
  const status = h("div", {id: "sign-in-status", "aria-live": "polite"});
  if (notice) {
    status.appendChild(errorBox({message: notice}, "Signed out"));
    notice = null;
  }
  const button = h("button", {type: "submit"}, "Sign in");
  const form = h("form", {className: "sign-in", "aria-labelledby": "sign-in-title", onsubmit: async event => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    button.disabled = true;
    replace(status, h("p", {className: "muted"}, "Checking the key…"));
    try {
      await api("/messages", {query: {limit: 1}, key});
      signIn(key);
      if (!window.location.hash || window.location.hash === "#/sign-in") window.location.hash = "#/messages";
      show();
    } catch (e) {
      replace(status, errorBox(e, "Sign-in failed"));
      button.disabled = false;
      input.focus();
    }
  }},
  h("h1", {id: "sign-in-title"}, "Sign in"),
  h("p", {}, "Paste an API key of your workspace. It is kept in this browser tab only and is forgotten when you sign out or close the tab."),
  h("label", {htmlFor: "api-key"}, "API key"),
  input,
  h("p", {id: "api-key-help", className: "muted"}, "Starts with tuco_sk_. The first start of the service prints a demo key."),
  button,
  status);
  replace(main, form);
  input.focus();
}

signOutButton.addEventListener("click", () => {
  signOut();
  window.location.hash = "#/messages";
  show();
});

onUnauthorized(error => {
  signOut();
  notice = error.message + " Sign in again.";
  show();
});

window.addEventListener("hashchange", show);
show();
