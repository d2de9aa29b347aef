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

/** The parts of an instant's day and time in Brussels, by name (`year`, `month`, …, as two-digit texts). */
const brusselsParts = (/** @type {Date} */ d) => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(d);
  /** @type {Record<string, string>} */
  const byType = {};
  for (const p of parts) byType[p.type] = p.value;
  return byType;
};

/**
 * How far Brussels is ahead of UTC at an instant, in minutes (60 in winter, 120 in summer).
 * @param {number} utcMs
 */
function brusselsOffset(utcMs) {
  const p = brusselsParts(new Date(utcMs));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

/**
 * A day and time typed in Brussels (`2026-12-03T17:00`, as a `datetime-local` input gives it) as an
 * instant with its offset (`2026-12-03T17:00:00+01:00`), which the API expects; null when the text is no
 * such time. A time that the clock skips in spring is taken an hour later, as the clock shows it.
 * @param {string} local
 */
export function brusselsToInstant(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let offset = brusselsOffset(wall - brusselsOffset(wall) * 60000);
  const utc = wall - offset * 60000;
  offset = brusselsOffset(utc);
  const p = brusselsParts(new Date(utc));
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:00${zone}`;
}

/**
 * An instant from the API as a day and time in Brussels for a `datetime-local` input (`2026-12-03T17:00`);
 * '' for none.
 * @param {string | null | undefined} iso
 */
export function instantInBrussels(iso) {
  const d = parseDate(iso);
  if (!iso || !d) return '';
  const p = brusselsParts(d);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * The name of Brussels' time at a day and time typed there (`CET` in winter, `CEST` in summer).
 * @param {string} local
 */
export function brusselsZoneName(local) {
  const instant = brusselsToInstant(local);
  const d = parseDate(instant) || new Date();
  const part = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName');
  const name = part ? part.value : 'CET';
  // Some engines name the zone by its offset; the programme's people know it as CET and CEST.
  return name === 'GMT+1' ? 'CET' : name === 'GMT+2' ? 'CEST' : name;
}
