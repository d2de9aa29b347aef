// @ts-check
// The texts of the team's workspace (`#/team/...`) in English: the same keys as `team-nl.js`.

/** @type {Record<keyof typeof import('./team-nl.js').text, string>} */
export const text = {
  // The workspace itself
  teamTitle: 'Team workspace',
  teamOnly: 'This page is for the project team: sign in with an admin or coordinator account.',
  leaveUnsaved: 'Your changes are not saved yet. Leave this page anyway?',

  // Forms (ui/editor.js)
  save: 'Save',
  saving: 'Saving…',
  saved: 'Saved.',
  created: 'Created.',
  unsavedChanges: 'Unsaved changes',
  markdownWrite: 'Write',
  markdownPreview: 'Preview',
  markdownHelp: 'Markdown: ## heading, **bold**, *italic*, - list, [text](https://…)',
  markdownPreviewEmpty: 'Nothing to show yet.',
  timeZoneNote: 'Time in Brussels ({zone})',
  listHelp: 'One per line.',
  conflictTitle: 'Someone else changed this in the meantime',
  conflictText: 'Your changes were not saved and are still in the form. This is what is saved now:',
  conflictField: 'Field',
  conflictTheirs: 'Saved now',
  conflictMine: 'Your version',
  conflictKeepMine: 'Save my version',
  conflictTakeTheirs: 'Take their version',
  emptyValue: '(empty)',
  required: 'required',

  // Dashboard

  // Pilot cases

  // Events and registrations

  // Stories, value domains, datasets, partners

  // Audit log

  // Accounts
  accountsTitle: 'Accounts',
  accountsIntro: 'Find an account by a part of its e-mail address or by its role, give it a temporary password, or deactivate it. Whoever signs in with a temporary password chooses a new one straight away.',
  accountsAdminsOnly: 'Only admins manage accounts.',
  accountsSearch: 'E-mail address contains',
  accountsSearchLabel: 'Search accounts',
  accountsSearchButton: 'Search',
  accountsAnyRole: 'All roles',
  accountsCount: '{n} accounts',
  accountsCount1: '1 account',
  accountsCitiesOrPartner: 'Cities or partner',
  accountsStatus: 'Status',
  accountsActions: 'Actions',
  accountActive: 'Active',
  accountDeactivated: 'Deactivated',
  accountDeactivatedAt: 'since {when}',
  accountTemporary: 'Temporary password',
  accountsYours: 'Your own account',
  accountsSetTemporary: 'Give a temporary password',
  accountsTemporaryFor: 'Temporary password for {email}',
  accountsTemporaryHelp: 'At least 12 characters and hard to guess. Pass it on in person: at the next sign-in the person chooses a password of their own. Every session of the account stops at once.',
  accountsTemporarySet: 'Temporary password given to {email}. Pass it on in person.',
  accountsCancel: 'Cancel',
  accountsDeactivate: 'Deactivate',
  accountsReactivate: 'Reactivate',
  accountsDeactivated: '{email} is deactivated: the account can no longer sign in.',
  accountsReactivated: '{email} is active again and can sign in with its own password.',
  accountsNewCoordinator: 'New account for a coordinator',
  accountsCities: 'Cities',
  accountsTemporaryPassword: 'Temporary password',
  accountsCreate: 'Create account',
  accountsNewTemporaryHelp: 'At least 12 characters and hard to guess. Pass it on in person: at the first sign-in the coordinator chooses a password of their own.',
  accountsCreated: 'Account created for {email}. Pass the temporary password on in person.',
};
