// @ts-check
// Mijn LODE, the organisation's success stories: those it submitted or is named in, with where each stands
// on its way to publication, and a story to write and submit for the team's review (the team's story form's
// words, with its Markdown preview).

import { gql } from '../api.js';
import { announce, h, routeLink } from '../dom.js';
import { t } from '../lang.js';
import * as portal from '../queries/portal.js';
import { mayLeave, rerender } from '../router.js';
import { formatDay } from '../time.js';
import { recordForm } from '../ui/editor.js';
import { errorBox } from '../ui/frame.js';
import { storyStatusChip, storyTextFields } from './team/stories.js';

/** The list's order: what waits for the team first, then drafts the team sent back, then the published. */
const STATUS_ORDER = ['IN_REVIEW', 'DRAFT', 'PUBLISHED'];

/**
 * The organisation's stories and a new one's form.
 * @param {string} partnerId
 */
export async function ourStories(partnerId) {
  let partner;
  try {
    ({ partner } = await gql(portal.OUR_STORIES, { id: partnerId }, { signedIn: true }));
  } catch (err) {
    return errorBox(err, () => rerender(), false);
  }
  /** @type {any[]} */
  const stories = (partner ? partner.successStories : []).slice().sort((/** @type {any} */ a, /** @type {any} */ b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  return [
    h('p', { class: 'muted' }, t('mineStoriesIntro')),
    stories.length
      ? h(
          'ul',
          { class: 'rows', testid: 'own-story-list' },
          stories.map((s) =>
            h(
              'li',
              { class: 'row', testid: 'own-story-item', 'data-status': s.status },
              h(
                'span',
                { class: 'row-main' },
                // Only a published story has a public page; the others are read here.
                s.status === 'PUBLISHED' ? routeLink(['verhalen', s.slug], s.title) : h('span', { testid: 'own-story-name' }, s.title),
                s.summary ? h('span', { class: 'block small' }, s.summary) : null,
                h('span', { class: 'block small muted' }, s.publishedAt ? t('storyPublishedOn', { d: formatDay(s.publishedAt) }) : t('storyChangedOn', { d: formatDay(s.updatedAt) })),
              ),
              h('span', { class: 'chips' }, storyStatusChip(s.status)),
            ),
          ),
        )
      : h('p', { class: 'muted empty', testid: 'own-story-list-empty' }, t('noOwnStories')),
    h('h3', null, t('storyWrite')),
    h('p', { class: 'muted' }, t('storyWriteIntro')),
    recordForm({
      name: 'own-story',
      fields: storyTextFields(),
      values: { title: '', summary: '', body: '' },
      updatedAt: null,
      submitText: t('storySubmit'),
      save: async (input) => (await gql(portal.SUBMIT_STORY, { input }, { signedIn: true })).submitSuccessStory.successStory,
      onSaved: () => {
        announce(t('storySubmitted'));
        // Redrawn to list it, unless the profile form above holds changes the user keeps.
        if (mayLeave()) rerender();
      },
    }),
  ];
}
