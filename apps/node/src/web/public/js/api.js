// The node's JSON API. The access token lives in sessionStorage (this tab only, gone when it closes), never
// in localStorage; signing out clears it.

const SESSION_KEY = 'cp.session';
const REFRESH_BEFORE_MS = 120_000;

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || plainStatus(status));
    this.status = status;
    this.problems = Array.isArray(body?.problems) ? body.problems : [];
  }
}

function plainStatus(status) {
  if (status === 401) return 'Your session has ended: sign in again';
  if (status === 403) return 'Your role does not allow this';
  if (status === 404) return 'Not found';
  if (status === 429) return 'Too many attempts: wait a minute and try again';
  if (status >= 500) return 'The service could not do this just now: try again, or tell your LA IT team';
  return 'That did not work';
}

export function currentSession() {
  try {
    return JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** Calls the API. `token` overrides the session's (enrolment); `query` becomes the query string. */
export async function api(method, path, { body, query, token } = {}) {
  const session = currentSession();
  if (!token && session) await refreshIfDue(session);
  const bearer = token ?? currentSession()?.accessToken;
  const url = new URL(`/api/v1${path}`, location.origin);
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== '') url.searchParams.set(name, value);
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { message: 'The node could not be reached: check your connection and try again' });
  }
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && !token && session) {
      clearSession();
      window.dispatchEvent(
        new CustomEvent('cp:signed-out', { detail: 'Your session has ended: sign in again.' }),
      );
    }
    throw new ApiError(response.status, data);
  }
  return data;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

let refreshing = null;

async function refreshIfDue(session) {
  const left = Date.parse(session.expiresAt) - Date.now();
  if (left > REFRESH_BEFORE_MS || left <= 0) return;
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}` },
  })
    .then(async (response) => {
      if (!response.ok) return;
      const fresh = await response.json();
      saveSession({ ...session, accessToken: fresh.accessToken, expiresAt: fresh.expiresAt });
    })
    .catch(() => undefined)
    .finally(() => {
      refreshing = null;
    });
  await refreshing;
}
