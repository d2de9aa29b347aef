// @ts-check
// At the door: the team checks partners in by the code on their registration.

import { accountFor, onTeam } from '../account.js';
import { ApiError, gql } from '../api.js';
import { h, setMain, setTitle } from '../dom.js';
import { t } from '../lang.js';
import * as queries from '../queries.js';
import { formInput, inputField } from '../ui/forms.js';
import { errorBox, pageTitle } from '../ui/frame.js';

/**
 * Renders `#/deur`, where the team checks partners in by the code on their registration.
 * @param {import('../router.js').RenderContext} ctx
 */
export async function pageDoor(ctx) {
  setTitle(t('doorTitle'));
  const me = await accountFor(ctx, '#/deur');
  if (!me || !ctx.current()) return;
  if (!onTeam(me)) {
    setMain(pageTitle(t('doorTitle')), errorBox(new ApiError('FORBIDDEN'), null, false));
    return;
  }
  const result = h('div', { role: 'status', 'aria-live': 'polite', testid: 'checkin-result' });
  const form = h(
    'form',
    { class: 'panel form-stack', testid: 'checkin-form' },
    inputField('checkin', 'code', t('doorCode'), { maxlength: 16, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', class: 'code-input' }),
    h('p', null, h('button', { type: 'submit', class: 'btn', testid: 'checkin-submit' }, t('doorButton'))),
  );
  let busy = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = formInput(form, 'code');
    const code = input.value.trim();
    // A second Enter (or a scanner's) while the first code is on its way would only be told "used".
    if (!code || busy) return;
    busy = true;
    // Ready for the next person in the queue at once.
    input.value = '';
    result.replaceChildren();
    try {
      const { checkIn } = await gql(queries.CHECK_IN, { code }, { signedIn: true });
      const r = checkIn.registration;
      result.replaceChildren(h('p', { class: 'notice', 'data-status': r.status }, t('doorWelcome', { partner: r.partner.name, event: r.event.title })));
    } catch (err) {
      const key = err instanceof ApiError ? { NOT_FOUND: 'doorUnknown', CONFLICT: 'doorConflict', FORBIDDEN: 'doorForbidden' }[err.code] : null;
      result.replaceChildren(key ? h('p', { class: 'notice notice-error', 'data-code': err.code }, t(key)) : errorBox(err, null, false));
    } finally {
      busy = false;
      input.focus();
    }
  });
  setMain(pageTitle(t('doorTitle')), h('p', { class: 'lead' }, t('doorIntro')), form, result);
  formInput(form, 'code').focus();
}
