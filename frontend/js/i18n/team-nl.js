// @ts-check
// The texts of the team's workspace (`#/team/...`) in Dutch, taken into `nl.js`; `team-en.js` holds the same
// keys. Each part of the workspace has its own block.

export const text = {
  // The workspace itself
  teamTitle: 'Werkruimte van het team',
  teamOnly: 'Deze pagina is voor het projectteam: meld je aan met een account van een beheerder of coördinator.',
  leaveUnsaved: 'Je wijzigingen zijn nog niet bewaard. Deze pagina toch verlaten?',

  // Forms (ui/editor.js)
  save: 'Bewaren',
  saving: 'Bezig met bewaren…',
  saved: 'Bewaard.',
  created: 'Aangemaakt.',
  unsavedChanges: 'Niet bewaarde wijzigingen',
  markdownWrite: 'Schrijven',
  markdownPreview: 'Voorbeeld',
  markdownHelp: 'Markdown: ## kop, **vet**, *schuin*, - lijst, [tekst](https://…)',
  markdownPreviewEmpty: 'Nog niets om te tonen.',
  timeZoneNote: 'Tijd in Brussel ({zone})',
  listHelp: 'Eén per regel.',
  conflictTitle: 'Iemand anders heeft dit intussen gewijzigd',
  conflictText: 'Je wijzigingen zijn niet bewaard en staan nog in het formulier. Dit is wat er nu bewaard is:',
  conflictField: 'Veld',
  conflictTheirs: 'Nu bewaard',
  conflictMine: 'Jouw versie',
  conflictKeepMine: 'Mijn versie bewaren',
  conflictTakeTheirs: 'Hun versie overnemen',
  emptyValue: '(leeg)',
  required: 'verplicht',

  // Dashboard

  // Pilot cases

  // Events and registrations

  // Stories, value domains, datasets, partners

  // Audit log

  // Accounts
};
