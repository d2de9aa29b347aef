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
  teamCasesTitle: 'Pilootcases',
  teamCasesIntro: 'De pilootcases die je mag beheren, laatst gewijzigd eerst. Kies een case om ze te bewerken.',
  teamCaseNew: 'Nieuwe pilootcase',
  teamCaseNewIntro: 'Een nieuwe case begint in de fase "Voorgesteld". Partners nodig je uit zodra ze bewaard is.',
  teamCaseCreate: 'Pilootcase aanmaken',
  teamCaseCreated: 'De pilootcase "{title}" is aangemaakt.',
  teamCaseChanged: 'gewijzigd {when}',
  teamCaseEditKicker: 'Pilootcase bewerken',
  teamCaseEditLink: 'Bewerken',
  teamCaseDetails: 'Gegevens',
  teamCasePublicPage: 'Bekijk de publieke pagina',
  teamCaseRefusedTitle: 'Je mag deze pilootcase niet wijzigen',
  teamCaseRefusedText: 'Ze hoort bij {theirs}; je account beheert de cases van {mine}. Vraag het aan een coördinator van die stad of aan een beheerder.',
  teamCaseTitleField: 'Titel',
  teamCaseSummary: 'Samenvatting',
  teamCaseSummaryHelp: 'Eén of twee zinnen, voor de lijsten.',
  teamCaseStart: 'Eerste dag',
  teamCaseEnd: 'Laatste dag',
  teamCapabilitiesHelp: 'Wat de case nodig heeft en hoe zwaar het weegt: 1 (handig) tot 5 (onmisbaar).',
  teamCapabilitiesNone: 'Nog geen expertise gevraagd.',
  teamCapabilityAdd: 'Expertise toevoegen',
  teamCapabilityName: 'Expertise',
  teamCapabilityWeight: 'Gewicht',
  teamCapabilityWeightOption: '{n} van 5',
  teamCapabilityRemove: 'Verwijderen',
  teamCapabilityUnnamed: 'lege regel',
  teamDatasetsHelp: 'Vink de datasets aan die de case gebruikt.',
  teamDatasetsNone: 'Er zijn nog geen datasets.',
  teamPhaseNow: 'Nu:',
  teamPhaseMove: 'Naar "{phase}"',
  teamPhaseConfirm: 'De case naar de fase "{phase}" brengen?',
  teamPhaseConfirmUnsaved: 'Je niet bewaarde wijzigingen in het formulier gaan dan verloren.',
  teamPhaseMoving: 'Bezig…',
  teamPhaseMoved: 'De case is nu in de fase "{phase}".',
  teamPhaseFinal: 'Deze fase is de laatste: de case gaat nergens meer heen.',
  teamMemberRole: 'Rol',
  teamMemberOf: 'van {name}',
  teamMemberRoleSave: 'Rol bewaren',
  teamMemberRoleChanged: '{name} is nu {role} in de case.',
  teamMemberRemove: 'Van de case halen',
  teamMemberRemoveConfirm: '{name} van de case halen?',
  teamMemberRemoved: '{name} is van de case gehaald.',
  teamInviteTitle: 'Een partner uitnodigen',
  teamInvitePartner: 'Partner (goedgekeurd)',
  teamInviteChoose: 'Kies een partner',
  teamInviteChooseFirst: 'Kies eerst een partner om uit te nodigen.',
  teamInviteSubmit: 'Uitnodigen',
  teamInvited: '{name} is uitgenodigd als {role}.',
  teamInviteClosed: 'Deze case is afgerond of stopgezet: er kan niemand meer bij.',

  // Events and registrations

  // Stories, value domains, datasets, partners

  // Audit log

  // Accounts
};
