// @ts-check
// The GraphQL client: one POST to /graphql per operation (the operations are in queries.js).

import { endSession, sessionToken } from './session.js';

const ENDPOINT = '/graphql';

/** A failed request, with the API's stable error code (`extensions.code`) or one of the client's own. */
export class ApiError extends Error {
  /**
   * @param {string} code
   * @param {string} [message]
   * @param {string | null} [field] the input field a VALIDATION error is about
   * @param {number | null} [retryAfter] seconds to wait, for RATE_LIMITED
   * @param {Record<string, any>} [extensions] the error's `extensions`: WRONG_EVENT names its event there, and
   *   a CONFLICT on `expectedUpdatedAt` (the record changed since it was read) its `current` values
   */
  constructor(code, message, field, retryAfter, extensions) {
    super(message || code);
    this.code = code || 'UNKNOWN';
    this.field = field || null;
    this.retryAfter = retryAfter ?? null;
    this.extensions = extensions || {};
    /** @type {Record<string, unknown> | null} the record's current values, for a CONFLICT on `expectedUpdatedAt` */
    this.current = this.extensions.current || null;
  }
}

/**
 * Runs a query; resolves with `data`, or rejects with an ApiError carrying `extensions.code`. Public pages
 * ask anonymously; `signedIn` sends the session's bearer token (and fails when there is none). `token`
 * sends another one, which is not kept: a session signed in with a temporary password, which may only
 * choose a new one.
 * @param {string} query an operation of queries.js
 * @param {Record<string, unknown>} [variables]
 * @param {{ signedIn?: boolean, token?: string | null }} [options]
 * @returns {Promise<any>}
 */
export async function gql(query, variables = {}, { signedIn = false, token = null } = {}) {
  /** @type {Record<string, string>} */
  const headers = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) {
    headers.authorization = `Bearer ${token}`;
  } else if (signedIn) {
    const kept = sessionToken();
    if (!kept) throw new ApiError('UNAUTHENTICATED');
    headers.authorization = `Bearer ${kept}`;
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 30000);
  let response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: controller.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    throw new ApiError(err && err.name === 'AbortError' ? 'TIMEOUT' : 'NETWORK');
  } finally {
    clearTimeout(timer);
  }
  // A token the server no longer accepts (expired, signed out elsewhere): forget it (the kept one).
  if ((signedIn || token) && response.status === 401) {
    if (!token) endSession();
    throw new ApiError('SESSION_ENDED');
  }
  let body;
  try {
    body = await response.json();
  } catch (_) {
    throw new ApiError(response.status === 408 ? 'TIMEOUT' : 'BAD_RESPONSE');
  }
  if (body && Array.isArray(body.errors) && body.errors.length) {
    const first = body.errors[0] || {};
    const ext = first.extensions || {};
    // The raw message is for developers only; people see a friendly text picked by the code.
    if (ext.code !== 'NOT_FOUND') console.warn('LODE API error', ext.code, first.message, JSON.stringify(first.path || []));
    throw new ApiError(ext.code || 'UNKNOWN', first.message, ext.field, ext.retryAfterSeconds, ext);
  }
  if (!response.ok || !body || typeof body.data !== 'object' || body.data === null) {
    throw new ApiError(response.status === 408 ? 'TIMEOUT' : 'BAD_RESPONSE');
  }
  return body.data;
}

/**
 * The file name a download's `Content-Disposition` gives, if it gives a plain one.
 * @param {string | null} disposition
 */
function fileNameOf(disposition) {
  const match = /filename="([a-z0-9.-]+)"/i.exec(disposition || '');
  return match ? match[1] : null;
}

/**
 * Downloads a file served next to the API for the signed-in account (`GET path`, with the session's
 * token: a plain link could not send it) and saves it; answers the file's name (the one the server gives,
 * else `fallbackName`). A refusal becomes an ApiError with the API's code.
 * @param {string} path
 * @param {string} fallbackName
 */
export async function download(path, fallbackName) {
  const token = sessionToken();
  if (!token) throw new ApiError('SESSION_ENDED');
  let response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' });
  } catch (_) {
    throw new ApiError('NETWORK');
  }
  if (!response.ok) {
    /** @type {any} */
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      // Not the API's error shape: the status alone says what went wrong.
    }
    const first = body && Array.isArray(body.errors) ? body.errors[0] || {} : {};
    const code = first.extensions && first.extensions.code ? first.extensions.code : response.status === 401 ? 'SESSION_ENDED' : 'BAD_RESPONSE';
    throw new ApiError(code, first.message);
  }
  const name = fileNameOf(response.headers.get('content-disposition')) || fallbackName;
  saveFile(await response.blob(), name);
  return name;
}

/**
 * Saves a file the page holds (a download's body, data the API answered) under `name`, as the browser saves
 * downloads.
 * @param {Blob} blob
 * @param {string} name
 */
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the address is then no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
