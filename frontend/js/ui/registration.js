// @ts-check
// What a partner's registration carries to the door: its code as a QR code, which a phone's camera can
// read there (typing the code stays the way the door works), and its own calendar file with the code.

import { download } from '../api.js';
import { h } from '../dom.js';
import { t } from '../lang.js';
import { errorBox } from './frame.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The light border a QR reader needs around the code, in modules. */
const QUIET = 4;

/**
 * The door code as a QR code: one SVG path over the dark modules of the rows the API gives
 * (`Registration.codeQr`), on a light square with its quiet zone.
 * @param {string[]} rows
 * @param {string} code the code it holds, for its text alternative
 */
export function qrCode(rows, code) {
  const side = rows.length + 2 * QUIET;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${side} ${side}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('regQrLabel', { code }));
  svg.setAttribute('class', 'door-qr');
  // Whole modules, with no blurred seams between them when the code is scaled.
  svg.setAttribute('shape-rendering', 'crispEdges');
  svg.dataset.testid = 'registration-qr';
  const background = document.createElementNS(SVG, 'rect');
  background.setAttribute('width', String(side));
  background.setAttribute('height', String(side));
  background.setAttribute('fill', '#fff');
  const modules = document.createElementNS(SVG, 'path');
  // A unit square per dark module: `M x y h1 v1 h-1 z`.
  const squares = [];
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] === '1') squares.push(`M${x + QUIET} ${y + QUIET}h1v1h-1z`);
  });
  modules.setAttribute('d', squares.join(''));
  modules.setAttribute('fill', '#000');
  svg.append(background, modules);
  return svg;
}

/**
 * A button that saves the registration's own calendar file (`/registrations/{id}.ics`: the event with
 * the door code), fetched with the session's token. Its name says the event (its visible text first), as
 * it is repeated down a partner's list of registrations.
 * @param {{ id: string }} registration
 * @param {string} eventTitle the title of the event it is for
 */
export function ownCalendarButton(registration, eventTitle) {
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'registration-ics', 'aria-label': `${t('regOwnIcs')}: ${eventTitle}` }, t('regOwnIcs'));
  const slot = h('span', { 'aria-live': 'polite' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await download(`/registrations/${encodeURIComponent(registration.id)}.ics`, 'lode-registration.ics');
      slot.replaceChildren();
    } catch (err) {
      slot.replaceChildren(errorBox(err, null, false));
    } finally {
      button.disabled = false;
    }
  });
  return h('p', null, button, slot);
}
