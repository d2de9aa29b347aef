// @ts-check
// The signed-in account, as the pages that need one ask for it (`queries.ME`).

import { ApiError, gql } from './api.js';
import { routeHref } from './dom.js';
import * as queries from './queries.js';
import { sessionToken } from './session.js';

/**
 * @typedef {object} Registration a registration of the account's partner for an event
 * @property {string} id
 * @property {string} status
 * @property {string | null} code
 * @property {string[] | null} codeQr the door code as the rows of a QR code's modules
 * @property {{ name: string }[]} people the people who come
 * @property {number | null} waitlistPosition
 * @property {boolean} eventCancelled
 * @property {{ id: string, slug: string, title: string, status: string, startsAtLocal: string, endsAtLocal: string, timeZone: string }} event
 */
/**
 * @typedef {object} Membership a place of the account's partner in a pilot case
 * @property {string} id
 * @property {string} role
 * @property {string} status
 * @property {string} updatedAt the version answered: sent back as read, so an invitation changed meanwhile is not answered unseen
 * @property {{ slug: string, title: string }} pilotCase
 */
/**
 * @typedef {object} Account the signed-in account (`me`)
 * @property {string} email
 * @property {'ADMIN' | 'COORDINATOR' | 'PARTNER'} role
 * @property {string[]} cities the cities a coordinator manages
 * @property {{ id: string, slug: string, name: string, status: string, erasedAt: string | null, refusal: { reason: string, refusedAt: string } | null, memberships: Membership[], registrations: Registration[] } | null} partner
 */

/**
 * Sends someone who must sign in to the sign-in page, and back here afterwards.
 * @param {string} back
 * @param {boolean} ended whether the last session ran out
 */
function toSignIn(back, ended) {
  /** @type {Record<string, string>} */
  const params = { terug: back };
  if (ended) params.sessie = 'verlopen';
  location.replace(routeHref(['aanmelden'], params));
}

/**
 * The signed-in account for a page that needs one (`back` is its own address). Without one, it sends the
 * visitor to sign in and back, and returns null.
 * @param {import('./router.js').RenderContext} ctx
 * @param {string} back
 * @returns {Promise<Account | null>}
 */
export async function accountFor(ctx, back) {
  const { me, ended } = await accountOrEnded();
  if (!me && ctx.current()) toSignIn(back, ended);
  return me;
}

/**
 * The signed-in account, or null; `ended` is set when the session ran out on the server.
 * @returns {Promise<{ me: Account | null, ended: boolean }>}
 */
export async function accountOrEnded() {
  try {
    return { me: await currentAccount(), ended: false };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'SESSION_ENDED') return { me: null, ended: true };
    throw err;
  }
}

/**
 * The signed-in account with its partner's registrations, or null when nobody is signed in.
 * @returns {Promise<Account | null>}
 */
export async function currentAccount() {
  if (!sessionToken()) return null;
  return (await gql(queries.ME, {}, { signedIn: true })).me;
}

/** Whether the signed-in account is on the team (an admin or a city's coordinator). */
export const onTeam = (/** @type {Account | null} */ me) => me && (me.role === 'ADMIN' || me.role === 'COORDINATOR');
