// @ts-check
// Making the page's elements: the only way elements are made, and the page's main region.
//
// Safety rules followed throughout the front end:
//   * No HTML is ever built from strings: every element is made with document.createElement and every
//     text from a record goes in through text nodes (see `h`). The one exception is the Markdown fields,
//     which the API renders and sanitises (their `…Html` fields: a few elements, no scripts, no attributes
//     but links' targets to http(s) and mailto): `renderedMarkdown` is the only place that parses HTML,
//     and only those fields go through it. Search snippets (`<mark>`) are split on those literal tags and
//     rebuilt as text nodes and <mark> elements (see `highlightNodes`).
//   * URLs from records only become links when they are absolute http(s) URLs (see `safeUrl`).
//   * Public pages ask anonymously, and the API decides what the public may see: it leaves out drafts,
//     pending partners, registrations and contacts. Only a signed-in account's own pages (sign-in, "Mijn
//     LODE", signing up for an event, the team's parts of a case's page and the door) send the bearer token;
//     no page ever asks for contacts.

import { t } from './lang.js';

/** @typedef {Node | string | number | null | undefined | false | Child[]} Child */

/**
 * Makes an element. `props` may hold: class, text, testid, dataset-free attributes (set with
 * setAttribute), and on<Event> handlers. Children are nodes or strings (strings become text nodes).
 * `href` is only set here for internal links; external ones go through `externalLink`.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [props]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
      else if (key === 'testid') el.setAttribute('data-testid', value);
      else if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (key === 'href') {
        if (!String(value).startsWith('#') && !String(value).startsWith('/')) {
          throw new Error('h(): external hrefs must go through externalLink()');
        }
        el.setAttribute('href', value);
      } else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

/**
 * Appends children (nodes, or strings as text nodes; nested lists flattened; null and false left out).
 * @template {ParentNode} P
 * @param {P} parent
 * @param {Child[]} children
 */
function append(parent, children) {
  for (const child of /** @type {any[]} */ (children).flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * An absolute http(s) URL from a record, or null when it is anything else.
 * @param {unknown} value
 */
export function safeUrl(value) {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (!/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (_) {
    return null;
  }
}

/**
 * A link to a URL from a record, or plain text when the URL is not http(s).
 * @param {string | null | undefined} url
 * @param {string} [text]
 * @param {string} [testid]
 */
export function externalLink(url, text, testid) {
  const safe = safeUrl(url);
  const shown = text ?? url ?? '';
  if (!safe) return h('span', { class: 'unlinked-url', testid }, shown);
  const a = document.createElement('a');
  a.href = safe;
  a.rel = 'noopener noreferrer nofollow external';
  a.className = 'external';
  if (testid) a.setAttribute('data-testid', testid);
  a.append(document.createTextNode(shown), h('span', { class: 'sr-only' }, ' ' + t('external')));
  return a;
}

/**
 * A URL without its scheme and host, shortened for display ("lode.gent.be/data").
 * @param {string} url
 */
export function displayUrl(url) {
  const safe = safeUrl(url);
  if (!safe) return url;
  const u = new URL(safe);
  return (u.host + (u.pathname === '/' ? '' : u.pathname)).replace(/^www\./, '');
}

/**
 * An internal link to a route.
 * @param {string[]} parts
 * @param {Child} text
 * @param {Record<string, any>} [props]
 */
export function routeLink(parts, text, props = {}) {
  return h('a', { ...props, href: routeHref(parts) }, text);
}

/**
 * The address of a route (`#/cases/slug?fase=RUNNING`).
 * @param {string[]} parts
 * @param {Record<string, string> | null} [params]
 */
export function routeHref(parts, params) {
  const path = '#/' + parts.map((p) => encodeURIComponent(p)).join('/');
  const query = params ? new URLSearchParams(params).toString() : '';
  return query ? `${path}?${query}` : path;
}

/**
 * A Markdown field as the API rendered it: `html` must be one of the API's `…Html` fields (`descriptionHtml`,
 * `bodyHtml`), which the server has sanitised to a few elements (paragraphs, headings from h2, emphasis,
 * lists, quotes, code, tables, links to http(s) and mailto). It is parsed in an inert <template>, so nothing
 * in it runs or loads while it is read, and the page's Content-Security-Policy forbids inline scripts
 * besides. Nothing else may go through here: every other text goes in as text (see `h`).
 * @param {string | null | undefined} html
 * @param {string} [testid]
 */
export function renderedMarkdown(html, testid) {
  if (!html) return null;
  const template = document.createElement('template');
  template.innerHTML = html;
  return h('div', { class: 'prose', testid }, template.content);
}

/**
 * The first paragraph of a rendered Markdown field (see `renderedMarkdown`), as plain text for a card.
 * @param {string | null | undefined} html
 */
export function firstParagraph(html) {
  const text = renderedMarkdown(html)?.querySelector('p')?.textContent?.trim();
  return text ? h('p', { class: 'card-text' }, text) : null;
}

// Search snippets: HTML-escaped text whose only markup is <mark>…</mark>. They are never parsed as HTML.
/** @type {Record<string, string>} */
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const MARK_TAG = /(<mark>|<\/mark>)/;

/**
 * Undoes the HTML escaping of a snippet piece, in one pass (so "&amp;lt;" becomes "&lt;", not "<").
 * @param {string} text
 */
function unescapeEntities(text) {
  return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
}

/**
 * The nodes of a snippet: the string is split on the literal tags `<mark>` and `</mark>`; every other
 * piece is unescaped and goes in as a text node, so any other markup is shown as text. Unbalanced or
 * nested tags are tolerated (an extra `<mark>` is ignored, a missing `</mark>` ends at the end).
 * @param {string | null | undefined} snippet
 */
export function highlightNodes(snippet) {
  /** @type {Node[]} */
  const nodes = [];
  let mark = null;
  for (const piece of String(snippet ?? '').split(MARK_TAG)) {
    if (piece === '<mark>') {
      if (!mark) mark = document.createElement('mark');
    } else if (piece === '</mark>') {
      if (mark && mark.firstChild) nodes.push(mark);
      mark = null;
    } else if (piece) {
      const text = document.createTextNode(unescapeEntities(piece));
      if (mark) mark.append(text);
      else nodes.push(text);
    }
  }
  if (mark && mark.firstChild) nodes.push(mark);
  return nodes;
}

/**
 * The plain text of a snippet (tags dropped, entities undone).
 * @param {string | null | undefined} snippet
 */
export function snippetText(snippet) {
  return String(snippet ?? '')
    .split(MARK_TAG)
    .filter((piece) => piece !== '<mark>' && piece !== '</mark>')
    .map(unescapeEntities)
    .join('');
}

/** The page's main region, where each route renders. */
export const main = () => document.getElementById('main');

/**
 * Replaces the page's content (null and false children are left out).
 * @param {Child[]} children
 */
export function setMain(...children) {
  const root = main();
  root.replaceChildren();
  append(root, children);
}

/**
 * Says `text` to screen readers, through the page's live region.
 * @param {string} text
 */
export function announce(text) {
  const live = document.getElementById('live-status');
  if (!live) return;
  live.textContent = '';
  // A fresh text node after a tick makes screen readers announce it even when it repeats.
  setTimeout(() => {
    live.textContent = text;
  }, 50);
}

/**
 * The browser tab's title for a page.
 * @param {string} text
 */
export function setTitle(text) {
  document.title = text ? `${text} · LODE` : 'LODE · Lokale Open Data Economie';
}

/**
 * A <time> element.
 * @param {string} iso
 * @param {string} text
 */
export function timeEl(iso, text) {
  return h('time', { datetime: iso }, text);
}

/**
 * Puts `next` in place of `old` (a part of the page read again while it is shown), keeping the keyboard
 * focus: a control inside `old` that held it gives it to the control of `next` with the same
 * `data-focus-key` (the same logical control, made anew); when that control is gone (a registration's
 * check-in, now that it is in), to the nearest keyed element around it that is still there (its row).
 * @param {Element} old
 * @param {Element} next
 */
export function replaceKeepingFocus(old, next) {
  const active = document.activeElement;
  /** The keys around the focused control, nearest first. @type {string[]} */
  const keys = [];
  for (let el = active && old.contains(active) ? active.closest('[data-focus-key]') : null; el && old.contains(el); el = el.parentElement?.closest('[data-focus-key]') ?? null) {
    keys.push(/** @type {string} */ (el.getAttribute('data-focus-key')));
  }
  old.replaceWith(next);
  if (!keys.length) return;
  const keyed = [...next.querySelectorAll('[data-focus-key]')];
  for (const key of keys) {
    // Compared as text: a key is a record's id, which need not be a valid CSS identifier.
    const same = keyed.find((el) => el.getAttribute('data-focus-key') === key);
    if (same instanceof HTMLElement) {
      same.focus();
      return;
    }
  }
}
