// @ts-check
// A partner's profile form, shared by the team's partner page (pages/team/partners.js, the whole profile) and
// a partner's own portal (pages/mine.js, all but its name, type and city, which the team keeps): the fields,
// and the form's values of a partner in the shape of its update input.

import { t } from '../lang.js';
import { tagsInput } from '../ui/tags.js';
import { contactInput, recordPicker, withLinked } from './team/content-parts.js';

/**
 * The form's values of a partner, in the shape of its update input (as a CONFLICT's current values are).
 * @param {any} p
 */
export const partnerValues = (p) => ({
  name: p.name,
  stakeholderType: p.stakeholderType,
  description: p.description,
  website: p.website,
  homeCity: p.homeCity,
  capabilities: p.capabilities,
  dataOffered: p.dataOffered,
  dataNeeded: p.dataNeeded,
  interestIds: p.interests.map((/** @type {any} */ d) => d.id),
  contact: p.contact ? { name: p.contact.name, email: p.contact.email, phone: p.contact.phone } : null,
});

/**
 * The fields of a partner's form.
 * @param {{
 *   formName: string,
 *   domains: { id: string, name: string }[],
 *   interests: { id: string, name: string }[],
 *   vocabulary: string[],
 *   identity: boolean,
 * }} options `domains`: the value domains it may be interested in (the first 100); `interests`: the
 *   partner's interests now, offered whether listed or not; `vocabulary`: the words suggested for its tags;
 *   `identity`: whether the form changes its name, type and city too (the team's does)
 * @returns {import('../ui/editor.js').Field[]}
 */
export function partnerFields({ formName, domains, interests, vocabulary, identity }) {
  /** @param {string} name @param {string} labelText */
  const tags = (name, labelText) => ({ name, label: labelText, kind: /** @type {const} */ ('custom'), custom: tagsInput(`${formName}-${name}`, name, labelText, vocabulary) });
  /** @type {import('../ui/editor.js').Field[]} */
  const who = identity
    ? [
        { name: 'name', label: t('partnerNameField'), kind: 'text', required: true },
        { name: 'stakeholderType', label: t('stakeholderType'), kind: 'enum', enumName: 'StakeholderType', required: true },
      ]
    : [];
  return [
    ...who,
    { name: 'description', label: t('description'), kind: 'markdown' },
    { name: 'website', label: t('website'), kind: 'url', nullable: true },
    ...(identity ? [/** @type {import('../ui/editor.js').Field} */ ({ name: 'homeCity', label: t('homeCity'), kind: 'enum', enumName: 'City', nullable: true })] : []),
    tags('capabilities', t('capabilities')),
    tags('dataOffered', t('dataOffered')),
    tags('dataNeeded', t('dataNeeded')),
    { name: 'interestIds', label: t('interests'), kind: 'custom', custom: recordPicker(formName, 'interestIds', t('interests'), withLinked(domains, interests).map((d) => ({ value: d.id, label: d.name }))) },
    { name: 'contact', label: t('partnerContact'), kind: 'custom', help: t('partnerContactPrivate'), custom: contactInput(formName) },
  ];
}
