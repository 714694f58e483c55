// The one place that talks to the API: the key lives in sessionStorage only and leaves the page only as a bearer
// header on same-origin /api requests.

const KEY = "tuco.apiKey";

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || [];
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function signIn(key) {
  sessionStorage.setItem(KEY, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** Listeners told when the API refuses the key (401), so the page can go back to the sign-in form. */
const unauthorized = [];
export function onUnauthorized(fn) {
  unauthorized.push(fn);
}

/**
 * Calls /api{path}. @returns the parsed JSON body of a 2xx answer.
 * @throws ApiError carrying the API's own message and code for any other answer (or a network failure).
 */
export async function api(path, {method = "GET", query, body, key} = {}) {
  const credential = key || apiKey();
  const url = new URL("/api" + path, window.location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  const headers = {"Accept": "application/json"};
  if (credential) headers["Authorization"] = "Bearer " + credential;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer"});
  } catch (e) {
    throw new ApiError(0, "NETWORK", "The service could not be reached (" + e.message + ")");
  }
  let json = null;
  try {
    json = await response.json();
  } catch (e) {
    json = null;
  }
  if (!response.ok) {
    const message = json && typeof json.error === "string" ? json.error : "HTTP " + response.status;
    const error = new ApiError(response.status, json && json.code, message, json && json.details);
    if (response.status === 401 && !key) unauthorized.forEach(fn => fn(error));
    throw error;
  }
  if (json === null) throw new ApiError(response.status, "BAD_RESPONSE", "The service answered without JSON");
  return json;
}
