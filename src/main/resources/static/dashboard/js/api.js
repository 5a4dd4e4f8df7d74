// The API, as the dashboard calls it: same origin, the session cookie as the credential, the CSRF token (held in
// memory only, never in storage) on every request that changes something, problems (RFC 9457) as ApiError.

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who is signed in; null until known. csrfToken lives here and nowhere else. */
export const session = {
  current: null,
  /** Called when a request finds the session gone (401): the app shows the sign-in page. */
  onLost: () => {},
};

/** A problem the API answered (or a failure to reach it), with a message a person can read. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.problem = problem ?? {};
  }

  /** errors[] of a validation problem: [{field, message}] */
  get violations() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function problemText(status, problem) {
  if (!problem || (!problem.title && !problem.detail)) {
    return status === 0 ? 'The service cannot be reached. Check that it is running, then try again.'
      : `The service answered ${status}.`;
  }
  if (problem.title && problem.detail) return `${problem.title}: ${problem.detail}`;
  return problem.detail || problem.title;
}

/**
 * Calls the API. body: an object sent as JSON. Answers the parsed JSON (null for 204). Throws ApiError. A 401
 * on anything but the session itself means the session ended.
 */
export async function api(path, {method = 'GET', body, signal, headers = {}} = {}) {
  const init = {method, signal, credentials: 'same-origin', headers: {Accept: 'application/json', ...headers}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  if (UNSAFE.has(method) && session.current?.csrfToken) {
    init.headers['X-CSRF-Token'] = session.current.csrfToken;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, null);
  }
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') ?? '';
  const json = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const error = new ApiError(response.status, json);
    if (response.status === 401 && !path.startsWith('/api/v1/session')) {
      session.current = null;
      session.onLost(error);
    }
    throw error;
  }
  return json;
}

/** The session behind the cookie, or null when there is none (401). */
export async function loadSession() {
  try {
    session.current = await api('/api/v1/session');
  } catch (e) {
    if (e.status === 401) {
      session.current = null;
    } else {
      throw e;
    }
  }
  return session.current;
}

/** Exchanges an API key for the session cookie; the key is not kept. */
export async function signIn(apiKey) {
  session.current = await api('/api/v1/session', {method: 'POST', body: {apiKey}});
  return session.current;
}

export async function signOut() {
  try {
    await api('/api/v1/session', {method: 'DELETE'});
  } finally {
    session.current = null;
  }
}

/** Whether the signed-in caller has a role; admin has them all. */
export function can(role) {
  const current = session.current;
  if (!current) return false;
  if (current.securityEnabled === false) return true;
  const roles = (current.roles ?? []).map((r) => String(r).toLowerCase());
  return roles.includes('admin') || roles.includes(role);
}

export function isAdmin() {
  return can('admin');
}

/** A query string from the values that are set. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
