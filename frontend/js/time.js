// @ts-check
// Dates and times, always shown in the event's own time zone (Europe/Brussels unless it says otherwise).

import { locale } from './lang.js';

/** @typedef {{ startsAtLocal: string, endsAtLocal?: string | null, timeZone?: string | null }} Timed */

/** The programme's time zone. */
export const TIME_ZONE = 'Europe/Brussels';

/**
 * A date and time format in the page's language.
 * @param {Intl.DateTimeFormatOptions} options
 * @param {string} [timeZone]
 */
const dtf = (options, timeZone) => new Intl.DateTimeFormat(locale(), { timeZone: timeZone || TIME_ZONE, ...options });

/**
 * A date from an ISO 8601 text, or null when it is not one.
 * @param {string | null | undefined} iso
 */
export const parseDate = (iso) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
};
/** @type {Intl.DateTimeFormatOptions} */
const DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
/** @type {Intl.DateTimeFormatOptions} */
const SHORT_DAY = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
/** @type {Intl.DateTimeFormatOptions} */
const TIME = { hour: '2-digit', minute: '2-digit' };

/**
 * Whether two instants fall on the same day in a time zone.
 * @param {Date} a
 * @param {Date} b
 * @param {string} tz
 */
function sameLocalDay(a, b, tz) {
  const f = dtf({ year: 'numeric', month: '2-digit', day: '2-digit' }, tz);
  return f.format(a) === f.format(b);
}

/**
 * Whether an event is one of the day's at `now` (in its own time zone): it starts that day, or it is under
 * way.
 * @param {Timed} ev
 * @param {Date} now
 */
export function isToday(ev, now) {
  const start = parseDate(ev.startsAtLocal);
  const end = parseDate(ev.endsAtLocal);
  if (!start) return false;
  return sameLocalDay(start, now, ev.timeZone || TIME_ZONE) || (start <= now && end !== null && now < end);
}

/**
 * "dinsdag 3 december 2026, 17:00–19:00" for an event (from its local times with offset).
 * @param {Timed} ev
 * @param {boolean} short
 */
export function eventWhen(ev, short) {
  const tz = ev.timeZone || TIME_ZONE;
  const start = parseDate(ev.startsAtLocal);
  const end = parseDate(ev.endsAtLocal);
  if (!start) return '';
  const day = dtf(short ? SHORT_DAY : DAY, tz);
  const time = dtf(TIME, tz);
  if (!end) return `${day.format(start)}, ${time.format(start)}`;
  if (sameLocalDay(start, end, tz)) return `${day.format(start)}, ${time.format(start)}–${time.format(end)}`;
  return `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
}

/**
 * An instant as a day and a time in Brussels.
 * @param {string} iso
 */
export function formatInstant(iso) {
  const d = parseDate(iso);
  return d ? dtf({ ...DAY, ...TIME }).format(d) : '';
}

/**
 * An instant as a day in Brussels.
 * @param {string} iso
 */
export function formatDay(iso) {
  const d = parseDate(iso);
  return d ? dtf({ day: 'numeric', month: 'long', year: 'numeric' }).format(d) : '';
}

/**
 * A calendar date (NaiveDate, "2024-05-31"), shown without any time-zone shift.
 * @param {string | null | undefined} value
 */
export function formatNaiveDate(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''));
  if (!m) return String(value ?? '');
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
}

/**
 * The day and month of an event's start, in its time zone, for its date badge.
 * @param {Timed} ev
 */
export function badgeDate(ev) {
  const start = parseDate(ev.startsAtLocal);
  const tz = ev.timeZone || TIME_ZONE;
  if (!start) return null;
  return { day: dtf({ day: 'numeric' }, tz).format(start), month: dtf({ month: 'short' }, tz).format(start).replace('.', '') };
}

/**
 * Orders events by their start, the earliest first.
 * @param {Timed} a
 * @param {Timed} b
 */
export const byStart = (a, b) => (parseDate(a.startsAtLocal)?.getTime() || 0) - (parseDate(b.startsAtLocal)?.getTime() || 0);
