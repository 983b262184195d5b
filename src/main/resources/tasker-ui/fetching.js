// Reading the worker's JSON routes, with the credentials the operator gave (kept for this tab only).

const STORE = 'tasker-ui-credentials';

export class NeedsCredentials extends Error {}

export function storedCredentials() {
  try {
    return JSON.parse(sessionStorage.getItem(STORE));
  } catch {
    return null;
  }
}

export function storeCredentials(kind, value) {
  sessionStorage.setItem(STORE, JSON.stringify({ kind, value }));
}

export function forgetCredentials() {
  sessionStorage.removeItem(STORE);
}

/**
 * GET a route as JSON: { status, body } for any answer (a 503 still has its body), { status: 0,
 * error } when none came within timeoutMs; throws NeedsCredentials on 401.
 */
export async function getJson(path, settings, timeoutMs) {
  const headers = { Accept: 'application/json' };
  const credentials = storedCredentials();
  if (credentials?.kind === 'key') headers[settings.api_key_header] = credentials.value;
  if (credentials?.kind === 'token') headers.Authorization = `Bearer ${credentials.value}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetch(path, { headers, signal: abort.signal, cache: 'no-store' });
    if (response.status === 401) throw new NeedsCredentials(path);
    const body = await response.json().catch(() => null);
    return { status: response.status, body };
  } catch (error) {
    if (error instanceof NeedsCredentials) throw error;
    return { status: 0, error: abort.signal.aborted ? `no answer within ${timeoutMs} ms` : `no answer (${error.message})` };
  } finally {
    clearTimeout(timer);
  }
}

/** A failed answer in words: the worker's own message when it sent one. */
export function describeFailure(answer, what) {
  if (answer.status === 0) return `${what}: ${answer.error}`;
  return `${what}: HTTP ${answer.status}${answer.body?.message ? ` ${answer.body.message}` : ''}`;
}
