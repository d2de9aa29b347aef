// @ts-check
// The texts of a partner's own portal (Mijn LODE: pages/mine-*.js) in English: the same keys as `portal-nl.js`.

/** @type {Record<keyof typeof import('./portal-nl.js').text, string>} */
/** The portal's texts, by key. */
export const text = {
  // The cases that fit (pages/mine-cases.js)
  mineCases: 'Pilot cases that fit you',
  mineCasesIntro: 'Open pilot cases, the best fitting first. Not for you? Say so, and the team no longer proposes you for it.',
  noMatchingCases: 'No open pilot case fits your profile yet.',
  matchFit: '{p} fit',
  matchWhy: 'Why: {list}',
  notForUs: 'Not for us',
  notForUsDone: '“{title}” is marked not for you: the team no longer proposes you for it.',
  notForUsUndo: 'Interested after all',
  interestBack: '“{title}” is open to you again.',

  // Success stories (pages/mine-stories.js)
  mineStories: 'Your success stories',
  mineStoriesIntro: 'The stories your organisation submitted or is named in. The team reviews a submitted story before it is published.',
  noOwnStories: 'No stories yet.',
  storyPublishedOn: 'Published on {d}',
  storyChangedOn: 'Last changed on {d}',
  storyWrite: 'Write a story',
  storyWriteIntro: 'Tell what you achieved with open data. Once submitted, the team reviews it; it becomes public only when the team publishes it.',
  storySubmit: 'Submit for review',
  storySubmitted: 'Submitted: the team reviews your story.',

  // The organisation's accounts (pages/mine-members.js)
  mineMembers: 'Your organisation’s accounts',
  mineMembersIntro: 'These accounts sign in for your organisation. Only your own members (and the administrators) see these addresses.',
  mineMembersInvite: 'Adding a colleague is not possible here yet: ask the project team.',
  memberYou: 'you',
  memberInactive: 'deactivated',
  memberSince: 'since {d}',
  memberRemove: 'Remove',
  memberRemoveQuestion: 'Remove {email}? The account with its sessions and consents is deleted; your organisation stays.',
  memberRemoveConfirm: 'Remove the account',
  memberRemoveKeep: 'Keep',
  memberRemoved: '{email} was removed.',
  memberLastNote: 'The last active account cannot be removed. Whoever leaves last deletes their own account below.',

  // The account (pages/mine-account.js)
  mineAccount: 'Your account',
  passwordTitle: 'Change your password',
  passwordCurrent: 'Current password',
  passwordChange: 'Change password',
  passwordChanged: 'Your password changed. Your other sessions ended; here you are signed in again.',
  consentsTitle: 'Your consents',
  noConsents: 'You have not given any consent yet.',
  consentGiven: 'Given on {d} (text version {v})',
  consentWithdrawnOn: 'Withdrawn on {d}',
  consentWithdraw: 'Withdraw',
  consentTermsStay: 'These hold as long as your account: leaving them is deleting the account, below.',
  passwordChangedSignIn: 'Your password is changed. Sign in with the new one.',
  consentWithdrawn: 'Your consent is withdrawn.',
  myDataTitle: 'Your data',
  myDataIntro: 'Download everything LODE keeps about your account and your organisation, as a JSON file.',
  myDataDownload: 'Download my data',
  myDataSaved: 'Saved as {name}.',
  deleteTitle: 'Delete your account',
  deleteIntro: 'Deleting your account erases:',
  deleteAccountItem: 'your account and your e-mail address: you can no longer sign in;',
  deleteSessionsItem: 'all your sessions, on every device;',
  deleteConsentsItem: 'all your consents.',
  deleteOthersStay: 'Your organisation and its other accounts stay.',
  deleteMaybeLast: 'If yours is the last active account of {name}, the organisation is erased too, with its contact person, interests and accounts.',
  deleteLastMember: 'You are the last active account of {name}: the organisation is erased too. Its contact person, interests and accounts go, its profile becomes anonymous and leaves the search results and the success stories; only its anonymised registrations (for attendance counts) and its places in pilot cases stay.',
  deleteButton: 'Delete my account',
  deleteQuestion: 'Are you sure? This cannot be undone.',
  deleteConfirm: 'Yes, delete my account',
  deleteKeep: 'No, keep it',
  deleted: 'Your account was deleted.',
};
