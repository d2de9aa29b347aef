// @ts-check
// The page's language (Dutch unless English was chosen), its texts and the labels of the API's enums.

import * as nl from './i18n/nl.js';
import * as en from './i18n/en.js';

/** @typedef {'nl' | 'en'} Lang */
/** @typedef {keyof typeof nl.text} TextKey */
/** @typedef {keyof typeof nl.enumLabels} EnumName */
/** @typedef {{ [E in EnumName]: Record<keyof typeof nl.enumLabels[E], string> }} EnumLabels */

const TABLES = { nl, en };

const LANG_KEY = 'lode.lang';
/** @type {Lang} */
let lang = 'nl';
try {
  if (localStorage.getItem(LANG_KEY) === 'en') lang = 'en';
} catch (_) {
  /* storage may be blocked; Dutch it is */
}

/** The page's language. */
export const currentLang = () => lang;

/** The page's language as the API names it (`TermsLanguage`), for the texts it answers in a language. */
export const apiLanguage = () => (lang === 'en' ? 'EN' : 'NL');

/**
 * Switches the language and remembers the choice; false when `next` is not a language of the page or is
 * the current one.
 * @param {string} next
 */
export function setLang(next) {
  if (next !== 'nl' && next !== 'en') return false;
  if (next === lang) return false;
  lang = next;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch (_) {
    /* not remembered, fine */
  }
  return true;
}

/** Whether `key` names a text of the interface (for keys made at run time, such as `err_<code>`). */
export const isTextKey = (/** @type {string} */ key) => Object.prototype.hasOwnProperty.call(nl.text, key);

/**
 * A text of the interface, with {placeholders} filled in.
 * @param {TextKey} key
 * @param {Record<string, string | number>} [vars]
 */
export function t(key, vars) {
  /** @type {Record<string, string>} */
  const table = TABLES[lang].text;
  let s = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : nl.text[key] ?? key;
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }
  return s;
}

/**
 * "3 partners" / "1 partner" from a pair of keys (`key` and `key1`).
 * @param {TextKey} key
 * @param {number} n
 */
export function count(key, n) {
  return n === 1 ? t(/** @type {TextKey} */ (key + '1')) : t(key, { n: formatNumber(n) });
}

/**
 * The label of an enum value (or the raw value when unknown).
 * @param {EnumName} enumName
 * @param {string} value
 */
export function label(enumName, value) {
  /** @type {Record<string, string> | undefined} */
  const labels = TABLES[lang].enumLabels[enumName];
  return labels && Object.prototype.hasOwnProperty.call(labels, value) ? labels[value] : String(value);
}

/**
 * The values of an enum, in the order the page shows them.
 * @param {EnumName} enumName
 * @returns {string[]}
 */
export const enumValues = (enumName) => Object.keys(nl.enumLabels[enumName]);

/** The locale of dates and numbers. */
export const locale = () => (lang === 'en' ? 'en-GB' : 'nl-BE');

/** A number in the page's language. */
export const formatNumber = (/** @type {number} */ n) => new Intl.NumberFormat(locale()).format(n);
