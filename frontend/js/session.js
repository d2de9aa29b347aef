// @ts-check
// The signed-in session: its token, kept for this tab only (sessionStorage), and the header's account link.
// Only an account's own requests carry the token (see `gql` in api.js).

import { t } from './lang.js';

const SESSION_KEY = 'lode.session';

// Where the browser keeps no sessionStorage (blocked storage), the token lives as long as the page.
/** @type {string | null} */
let pageToken = null;

/** The session's bearer token, or null when nobody is signed in. */
export function sessionToken() {
  try {
    return sessionStorage.getItem(SESSION_KEY) ?? pageToken;
  } catch (_) {
    return pageToken;
  }
}

/**
 * Keeps the token of a new session.
 * @param {string} token
 */
export function startSession(token) {
  pageToken = token;
  try {
    sessionStorage.setItem(SESSION_KEY, token);
  } catch (_) {
    /* kept for this page only */
  }
  accountNav();
}

/** Forgets the session's token. */
export function endSession() {
  pageToken = null;
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch (_) {
    /* nothing kept */
  }
  accountNav();
}

/** The header's account link: "Aanmelden", or "Mijn LODE" once signed in. */
export function accountNav() {
  const link = document.querySelector('.account-link');
  if (!link) return;
  const signedIn = !!sessionToken();
  link.textContent = signedIn ? t('mine') : t('signIn');
  link.setAttribute('href', signedIn ? '#/mijn' : '#/aanmelden');
}
