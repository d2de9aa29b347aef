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
  teamCasesTitle: 'Pilot cases',
  teamCasesIntro: 'The pilot cases you may manage, last changed first. Choose a case to edit it.',
  teamCaseNew: 'New pilot case',
  teamCaseNewIntro: 'A new case starts in the "Proposed" phase. Invite partners once it is saved.',
  teamCaseCreate: 'Create pilot case',
  teamCaseCreated: 'The pilot case "{title}" was created.',
  teamCaseChanged: 'changed {when}',
  teamCaseEditKicker: 'Edit pilot case',
  teamCaseEditLink: 'Edit',
  teamCaseDetails: 'Details',
  teamCasePublicPage: 'See the public page',
  teamCaseRefusedTitle: 'You may not change this pilot case',
  teamCaseRefusedText: 'It belongs to {theirs}; your account manages the cases of {mine}. Ask a coordinator of that city or an admin.',
  teamCaseTitleField: 'Title',
  teamCaseSummary: 'Summary',
  teamCaseSummaryHelp: 'One or two sentences, for the lists.',
  teamCaseStart: 'First day',
  teamCaseEnd: 'Last day',
  teamCapabilitiesHelp: 'What the case needs and how much it weighs: 1 (useful) to 5 (essential).',
  teamCapabilitiesNone: 'No capabilities asked for yet.',
  teamCapabilityAdd: 'Add a capability',
  teamCapabilityName: 'Capability',
  teamCapabilityWeight: 'Weight',
  teamCapabilityWeightOption: '{n} of 5',
  teamCapabilityRemove: 'Remove',
  teamCapabilityUnnamed: 'empty row',
  teamDatasetsHelp: 'Tick the datasets the case uses.',
  teamDatasetsNone: 'There are no datasets yet.',
  teamPhaseNow: 'Now:',
  teamPhaseMove: 'To "{phase}"',
  teamPhaseConfirm: 'Move the case to the "{phase}" phase?',
  teamPhaseConfirmUnsaved: 'Your unsaved changes in the form will then be lost.',
  teamPhaseMoving: 'Working…',
  teamPhaseMoved: 'The case is now in the "{phase}" phase.',
  teamPhaseFinal: 'This phase is the last: the case moves nowhere from here.',
  teamMemberRole: 'Role',
  teamMemberOf: 'of {name}',
  teamMemberRoleSave: 'Save role',
  teamMemberRoleChanged: '{name} is now {role} in the case.',
  teamMemberRemove: 'Take off the case',
  teamMemberRemoveConfirm: 'Take {name} off the case?',
  teamMemberRemoved: '{name} was taken off the case.',
  teamInviteTitle: 'Invite a partner',
  teamInvitePartner: 'Partner (approved)',
  teamInviteChoose: 'Choose a partner',
  teamInviteChooseFirst: 'Choose a partner to invite first.',
  teamInviteSubmit: 'Invite',
  teamInvited: '{name} was invited as {role}.',
  teamInviteClosed: 'This case is completed or stopped: nobody can join it any more.',

  // Events and registrations

  // Stories, value domains, datasets, partners

  // Audit log

  // Accounts
};
