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
  accountsTitle: 'Accounts',
  accountsIntro: 'Zoek een account op een deel van het e-mailadres of op de rol, geef het een tijdelijk wachtwoord, of zet het stop. Wie zich aanmeldt met een tijdelijk wachtwoord, kiest meteen zelf een nieuw.',
  accountsAdminsOnly: 'Alleen beheerders beheren accounts.',
  accountsSearch: 'E-mailadres bevat',
  accountsSearchLabel: 'Accounts zoeken',
  accountsSearchButton: 'Zoeken',
  accountsAnyRole: 'Alle rollen',
  accountsCount: '{n} accounts',
  accountsCount1: '1 account',
  accountsCitiesOrPartner: 'Steden of partner',
  accountsStatus: 'Status',
  accountsActions: 'Acties',
  accountActive: 'Actief',
  accountDeactivated: 'Stopgezet',
  accountDeactivatedAt: 'sinds {when}',
  accountTemporary: 'Tijdelijk wachtwoord',
  accountsYours: 'Je eigen account',
  accountsSetTemporary: 'Tijdelijk wachtwoord geven',
  accountsTemporaryFor: 'Tijdelijk wachtwoord voor {email}',
  accountsTemporaryHelp: 'Minstens 12 tekens en moeilijk te raden. Geef het persoonlijk door: bij de volgende aanmelding kiest de persoon een eigen wachtwoord. Alle sessies van het account stoppen meteen.',
  accountsTemporarySet: 'Tijdelijk wachtwoord gegeven aan {email}. Geef het persoonlijk door.',
  accountsCancel: 'Annuleren',
  accountsDeactivate: 'Stopzetten',
  accountsReactivate: 'Opnieuw activeren',
  accountsDeactivated: '{email} is stopgezet: het account kan zich niet meer aanmelden.',
  accountsReactivated: '{email} is opnieuw actief en kan zich aanmelden met het eigen wachtwoord.',
  accountsNewCoordinator: 'Nieuw account voor een coördinator',
  accountsCities: 'Steden',
  accountsTemporaryPassword: 'Tijdelijk wachtwoord',
  accountsCreate: 'Account aanmaken',
  accountsNewTemporaryHelp: 'Minstens 12 tekens en moeilijk te raden. Geef het persoonlijk door: bij de eerste aanmelding kiest de coördinator een eigen wachtwoord.',
  accountsCreated: 'Account aangemaakt voor {email}. Geef het tijdelijke wachtwoord persoonlijk door.',
};
