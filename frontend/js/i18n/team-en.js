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
};
