// @ts-check
// The page's start: the header's language switch, menu and search box, and the router with every page.

import { routeHref } from './dom.js';
import { currentLang, setLang, t } from './lang.js';
import { closeMenu, render, startRouter } from './router.js';
import { accountNav } from './session.js';
import { pageCase } from './pages/case.js';
import { pageCases } from './pages/cases.js';
import { pageDataset } from './pages/dataset.js';
import { pageDatasets } from './pages/datasets.js';
import { pageDomain } from './pages/domain.js';
import { pageDomains } from './pages/domains.js';
import { pageDoor } from './pages/door.js';
import { pageEvent } from './pages/event.js';
import { pageEvents } from './pages/events.js';
import { pageHome } from './pages/home.js';
import { pageJoin } from './pages/join.js';
import { pageMine } from './pages/mine.js';
import { pagePartner } from './pages/partner.js';
import { pagePartners } from './pages/partners.js';
import { SEARCH_ROUTE, cleanQuery, pageSearch, searchInput } from './pages/search.js';
import { pageAcceptInvitation, pageConfirmEmail, pageConfirmSurveyAnswer, pageForgotPassword, pageResetPassword } from './pages/password.js';
import { pageSignIn } from './pages/sign-in.js';
import { pageStories } from './pages/stories.js';
import { pageSurvey, pageSurveys } from './pages/survey.js';
import { pageStory } from './pages/story.js';
import { pageTeam } from './pages/team/index.js';

/** @type {import('./router.js').Routes} */
const ROUTES = {
  list: {
    '': pageHome,
    domeinen: pageDomains,
    cases: pageCases,
    partners: pagePartners,
    events: pageEvents,
    verhalen: pageStories,
    datasets: pageDatasets,
    zoeken: pageSearch,
    aanmelden: pageSignIn,
    'wachtwoord-vergeten': pageForgotPassword,
    wachtwoord: pageResetPassword,
    bevestigen: pageConfirmEmail,
    'bevraging-bevestigen': pageConfirmSurveyAnswer,
    uitnodiging: pageAcceptInvitation,
    mijn: pageMine,
    'word-partner': pageJoin,
    deur: pageDoor,
    bevragingen: pageSurveys,
  },
  detail: {
    domeinen: pageDomain,
    cases: pageCase,
    partners: pagePartner,
    events: pageEvent,
    verhalen: pageStory,
    datasets: pageDataset,
  },
  areas: {
    team: pageTeam,
    bevraging: pageSurvey,
  },
};

/** Puts the page's own texts (the header, menu and footer in index.html) in the current language. */
function applyLanguage() {
  const lang = currentLang();
  document.documentElement.lang = lang;
  /** @param {string | null} key */
  const text = (key) => t(/** @type {import('./lang.js').TextKey} */ (key));
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = text(el.getAttribute('data-i18n'));
  for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', text(el.getAttribute('data-i18n-aria-label')));
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', text(el.getAttribute('data-i18n-placeholder')));
  for (const btn of document.querySelectorAll('.lang-btn')) btn.setAttribute('aria-pressed', String(btn.getAttribute('data-lang') === lang));
  accountNav();
}

/**
 * Switches the page to another language and renders the current page again in it.
 * @param {string} next
 */
function setLanguage(next) {
  if (!setLang(next)) return;
  applyLanguage();
  render({ keepFocus: true });
}

/** Sets the page up: its language, header controls and router. */
function init() {
  applyLanguage();
  for (const btn of document.querySelectorAll('.lang-btn')) {
    btn.addEventListener('click', () => setLanguage(btn.getAttribute('data-lang')));
  }
  /** @type {HTMLElement | null} */
  const toggle = document.querySelector('.menu-toggle');
  if (toggle) {
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      document.body.classList.toggle('menu-open', open);
    });
  }
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('menu-open')) {
      closeMenu();
      if (toggle) toggle.focus();
    }
  });
  const searchForm = document.querySelector('.header-search');
  if (searchForm) {
    // The form is never sent (the CSP forbids it): it only moves to the search page.
    searchForm.addEventListener('submit', (e) => {
      e.preventDefault();
      const input = searchInput();
      const q = cleanQuery(input ? input.value : '');
      const href = routeHref(SEARCH_ROUTE, q ? { q } : null);
      if (input) input.blur();
      if (location.hash === href) render();
      else location.hash = href;
    });
  }
  startRouter(ROUTES);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
