// LODE public front end: plain ES2020, no build step, no dependencies.
//
// Safety rules followed throughout this file:
//   * No HTML is ever built from strings: every element is made with document.createElement and every
//     text from a record goes in through text nodes (see `h`). Markdown fields are shown as plain text
//     paragraphs, markup is not interpreted. Search snippets are the one place with markup (`<mark>`): they
//     are split on those literal tags and rebuilt as text nodes and <mark> elements (see `highlightNodes`).
//   * URLs from records only become links when they are absolute http(s) URLs (see `safeUrl`).
//   * Public pages ask anonymously, so the API itself leaves out drafts, pending partners, registrations and
//     contacts. Only a signed-in partner's own pages (sign-in, "Mijn LODE", signing up for an event) send the
//     bearer token, and they ask for that partner's own registrations; no page ever asks for contacts.
'use strict';

(() => {
  const ENDPOINT = '/graphql';
  const PAGE_SIZE = 12;
  const TIME_ZONE = 'Europe/Brussels';

  // ---------------------------------------------------------------------------------------------------------
  // Language
  // ---------------------------------------------------------------------------------------------------------

  const TEXT = {
    nl: {
      skip: 'Naar de inhoud',
      brandSub: 'Lokale Open Data Economie · Gent & Brugge',
      menu: 'Menu',
      navLabel: 'Hoofdmenu',
      navHome: 'Home',
      navDomains: 'Meerwaardegebieden',
      navCases: 'Pilootcases',
      navPartners: 'Partners',
      navEvents: 'Evenementen',
      navStories: 'Succesverhalen',
      navDatasets: 'Datasets',
      navApi: 'GraphQL-API',
      footerText: 'een programma van Stad Gent en Stad Brugge, met steun van City of Things.',
      footerApi: 'Open data over deze pagina: GraphQL-API',
      breadcrumb: 'Kruimelpad',
      searchLabel: 'Zoeken',
      searchPlaceholder: 'Zoek op trefwoord…',
      searchButton: 'Zoeken',

      loading: 'Laden…',
      loaded: 'Pagina geladen: {title}',
      loadMore: 'Meer laden',
      loadingMore: 'Meer laden…',
      shown: '{shown} van {total} getoond',
      moreLoaded: '{count} extra geladen, {shown} van {total} getoond',
      retry: 'Opnieuw proberen',
      backHome: 'Naar de startpagina',
      empty: 'Er is hier (nog) niets te tonen.',
      emptyFiltered: 'Niets gevonden met deze filters.',
      clearFilters: 'Filters wissen',
      all: 'Alle',
      filters: 'Filters',
      city: 'Stad',
      anyCity: 'Alle steden',
      elsewhere: 'Elders',
      seeAll: 'Alles bekijken',
      none: 'Geen',
      external: '(opent een externe site)',

      homeTitle: 'Samen met data de stad maken',
      homeKicker: 'LODE · Lokale Open Data Economie',
      homeIntro1:
        'Gent en Brugge zoeken samen met burgers, bedrijven, organisaties, overheden en onderwijs uit waar open data de komende tien jaar een echt economisch en maatschappelijk verschil maakt: met wie, op welke thema’s en onder welke voorwaarden.',
      homeIntro2:
        'Op deze pagina vind je de gekozen meerwaardegebieden, de pilootcases die eruit voortkomen, de partners van de open-datagemeenschap, de cocreatiesessies waar je kunt aanschuiven en de succesverhalen die eruit groeiden.',
      homeCtaEvents: 'Bekijk de komende sessies',
      homeCtaDomains: 'Ontdek de meerwaardegebieden',
      homeUpcoming: 'Komende evenementen',
      homeNoUpcoming: 'Er staan op dit moment geen evenementen gepland.',
      homeDomains: 'Gekozen meerwaardegebieden',
      homeNoDomains: 'Er zijn nog geen meerwaardegebieden gekozen.',
      homeStories: 'Succesverhalen',
      homeNoStories: 'Er zijn nog geen succesverhalen gepubliceerd.',

      domainsTitle: 'Meerwaardegebieden',
      domainsIntro:
        'Thema’s waar open data de meeste waarde kan opleveren. Uit de gekozen gebieden komen de pilootcases.',
      domainsCount: '{n} meerwaardegebieden',
      domainsCount1: '1 meerwaardegebied',
      status: 'Status',
      statusOpen: 'Gekozen en kandidaat',
      theme: 'Thema',
      anyTheme: 'Alle thema’s',
      themes: 'Thema’s',
      priority: 'Prioriteit',
      priorityOf: 'Prioriteitsscore {score} op 100',
      economicValue: 'Economische waarde',
      societalValue: 'Maatschappelijke waarde',
      dataReadiness: 'Datarijpheid',
      scoreOf5: '{n} op 5',
      domainCases: 'Pilootcases in dit gebied',
      domainEvents: 'Evenementen over dit gebied',
      domainStories: 'Succesverhalen in dit gebied',
      domainPartners: 'Geïnteresseerde partners',
      noCases: 'Nog geen pilootcases.',
      noEvents: 'Geen evenementen.',
      noStories: 'Nog geen gepubliceerde succesverhalen.',
      noPartners: 'Nog geen partners.',

      casesTitle: 'Pilootcases',
      casesIntro: 'De cases waarin de steden samen met partners open data in de praktijk uitwerken.',
      casesCount: '{n} pilootcases',
      casesCount1: '1 pilootcase',
      phase: 'Fase',
      anyPhase: 'Alle fasen',
      cities: 'Steden',
      valueDomain: 'Meerwaardegebied',
      period: 'Looptijd',
      from: 'vanaf {d}',
      until: 'tot {d}',
      goals: 'Doelen',
      neededCapabilities: 'Gezochte expertise',
      weight: 'Gewicht {n} op 5',
      weightHint: 'Gewicht: 1 = mooi meegenomen, 5 = onmisbaar.',
      wantedTypes: 'Gezochte stakeholders',
      datasets: 'Datasets',
      noDatasets: 'Geen datasets gekoppeld.',
      members: 'Partners in deze case',
      noMembers: 'Nog geen partners.',
      role: 'Rol',
      caseEvents: 'Evenementen van deze case',
      caseStories: 'Succesverhalen van deze case',
      description: 'Beschrijving',

      partnersTitle: 'Partners',
      partnersIntro:
        'De open-datagemeenschap: burgers, middenveld, overheden, bedrijven en onderwijs- en onderzoeksinstellingen die meewerken aan LODE.',
      partnersCount: '{n} partners',
      partnersCount1: '1 partner',
      stakeholderType: 'Type stakeholder',
      anyType: 'Alle types',
      homeCity: 'Stad',
      website: 'Website',
      capabilities: 'Wat we kunnen',
      dataOffered: 'Data die we aanbieden',
      dataNeeded: 'Data die we zoeken',
      interests: 'Interesses',
      memberships: 'Pilootcases',
      noMemberships: 'Nog in geen enkele pilootcase.',
      partnerStories: 'Succesverhalen',
      noItems: 'Niets opgegeven.',

      eventsTitle: 'Evenementen',
      eventsIntro: 'Cocreatiesessies, workshops, hackathons en infosessies. Alle tijden in Brusselse tijd.',
      eventsCount: '{n} evenementen',
      eventsCount1: '1 evenement',
      upcoming: 'Komend',
      past: 'Voorbij',
      whenTabs: 'Komende of voorbije evenementen',
      when: 'Wanneer',
      where: 'Waar',
      online: 'Online',
      onlineLink: 'Link om online deel te nemen',
      onlineNoLink: 'Online (link volgt)',
      capacity: 'Capaciteit',
      seats: '{n} plaatsen',
      seats1: '1 plaats',
      noLimit: 'Geen limiet',
      seatsNow: 'Plaatsen',
      seatsLeft: 'Nog {n} plaatsen vrij',
      seatsLeft1: 'Nog 1 plaats vrij',
      seatsFull: 'Volzet',
      seatsFullWaitlist: 'Volzet — {n} op de wachtlijst',
      icsEvent: 'In je agenda (.ics)',
      icsFeed: 'Abonneren op deze agenda',
      icsFeedCase: 'Abonneren op de agenda van deze case',
      icsFeedDomain: 'Abonneren op de agenda van dit gebied',
      format: 'Vorm',
      audience: 'Voor wie',
      everyone: 'Iedereen',
      registration: 'Inschrijven',
      regOpens: 'Inschrijven kan vanaf {d}.',
      regCloses: 'Inschrijven kan tot {d}.',
      regUntilStart: 'Inschrijven kan tot het evenement begint.',
      regPartners: 'Inschrijven gebeurt als partner van LODE.',
      cancelledNote: 'Dit evenement is geannuleerd.',
      timeZoneNote: 'Tijden in {tz}.',
      pilotCase: 'Pilootcase',

      storiesTitle: 'Succesverhalen',
      storiesIntro: 'Wat open data in Gent en Brugge al opleverde, verteld door wie het deed.',
      storiesCount: '{n} succesverhalen',
      storiesCount1: '1 succesverhaal',
      publishedOn: 'Gepubliceerd op {d}',
      impact: 'Impact',
      partners: 'Partners',
      reusedDatasets: 'Hergebruikte datasets',

      datasetsTitle: 'Datasets',
      datasetsIntro: 'Open datasets die in de pilootcases en succesverhalen gebruikt worden.',
      datasetsCount: '{n} datasets',
      datasetsCount1: '1 dataset',
      publisher: 'Uitgever',
      licence: 'Licentie',
      openDataset: 'Naar de dataset',
      usedInCases: 'Gebruikt in pilootcases',
      usedInStories: 'Hergebruikt in succesverhalen',
      notUsed: 'Nog nergens gebruikt.',

      searchTitle: 'Zoeken',
      searchResultsFor: 'Zoekresultaten voor “{q}”',
      searchIntro: 'Zoek tegelijk in meerwaardegebieden, pilootcases, partners, evenementen, succesverhalen en datasets.',
      searchPrompt: 'Typ een zoekterm in het zoekvak bovenaan de pagina, bijvoorbeeld “mobiliteit” of “luchtkwaliteit”.',
      searchCount: '{n} resultaten',
      searchCount1: '1 resultaat',
      searchNone: 'Geen resultaten voor “{q}”.',
      searchNoneFiltered: 'Geen resultaten met deze filters.',
      searchNoneHint: 'Probeer een ander of korter woord, of wis de filters.',
      searchUnavailableTitle: 'Zoeken is even niet beschikbaar',
      searchUnavailable: 'De zoekfunctie is tijdelijk buiten gebruik. Probeer het over enkele ogenblikken opnieuw, of blader intussen via het menu.',
      refine: 'Resultaten verfijnen',
      refineActive: 'Resultaten verfijnen ({n} actief)',
      facetKind: 'Soort',
      facetCity: 'Stad',
      facetType: 'Type stakeholder',
      facetCountSr: '{n} resultaten',
      facetCountSr1: '1 resultaat',
      matchTags: 'Trefwoorden',

      notFoundTitle: 'Niet gevonden',
      notFoundText: 'Deze pagina bestaat niet (meer), of is niet publiek.',
      errorTitle: 'Er liep iets mis',
      errorCode: 'Foutcode: {code}',
      err_NOT_FOUND: 'We vonden wat je zocht niet terug. Misschien is het verplaatst of niet (meer) publiek.',
      err_VALIDATION: 'De vraag aan de server was niet geldig. Probeer de filters te wissen of de pagina te herladen.',
      err_CONFLICT: 'Dit botst met de huidige toestand van de gegevens. Herlaad de pagina en probeer opnieuw.',
      err_FORBIDDEN: 'Je hebt geen toegang tot deze gegevens.',
      err_UNAUTHENTICATED: 'Je moet eerst aanmelden om dit te zien.',
      err_INTERNAL: 'Er ging iets mis aan onze kant. Probeer het over enkele ogenblikken opnieuw.',
      err_PAYLOAD_TOO_LARGE: 'De vraag aan de server was te groot.',
      err_NETWORK: 'De server is niet bereikbaar. Controleer je verbinding en probeer opnieuw.',
      err_TIMEOUT: 'De server antwoordde niet op tijd. Probeer opnieuw.',
      err_BAD_RESPONSE: 'De server gaf een onverwacht antwoord.',
      err_UNKNOWN: 'Er ging iets onverwachts mis.',
      err_UNAVAILABLE: 'Dit is even niet beschikbaar. Probeer het over enkele ogenblikken opnieuw.',
      err_RATE_LIMITED: 'Te veel pogingen. Probeer het over {s} seconden opnieuw.',
      err_SESSION_ENDED: 'Je sessie is afgelopen. Meld je opnieuw aan.',

      signIn: 'Aanmelden',
      mine: 'Mijn LODE',
      signInTitle: 'Aanmelden',
      signInIntro: 'Partners melden zich aan om hun inschrijvingen voor evenementen te beheren.',
      email: 'E-mailadres',
      password: 'Wachtwoord',
      signInButton: 'Aanmelden',
      signingIn: 'Bezig met aanmelden…',
      signInWrong: 'Dit e-mailadres en wachtwoord passen niet bij elkaar.',
      signedInAs: 'Aangemeld als {email}',
      signOut: 'Afmelden',
      mineTitle: 'Mijn LODE',
      account: 'Account',
      organisation: 'Organisatie',
      myRegistrations: 'Mijn inschrijvingen',
      noRegistrations: 'Je organisatie is nog niet ingeschreven voor een evenement.',
      registrationCode: 'Code aan de deur: {code}',
      waitlistPlace: 'Plaats {n} op de wachtlijst',
      cancelRegistration: 'Inschrijving annuleren',
      teamNote: 'Al de rest van LODE beheert het team via de GraphQL-API.',
      register: 'Inschrijven voor dit evenement',
      registerSignIn: 'Meld je aan om je organisatie in te schrijven.',
      registered: 'Je organisatie is ingeschreven. Toon deze code aan de deur: {code}',
      waitlisted: 'Het evenement is volzet: je organisatie staat op plaats {n} van de wachtlijst.',
      registrationStatus: 'Jouw inschrijving',
      registerPending: 'Je organisatie kan inschrijven zodra het team haar profiel heeft goedgekeurd.',
      registerArchived: 'Het profiel van je organisatie is gearchiveerd: neem contact op met het team om weer in te schrijven.',
      registerRefused: 'Inschrijven lukte niet: de inschrijvingen zijn intussen gesloten, het evenement werd geannuleerd, of je organisatie kan niet inschrijven. Herlaad de pagina.',
      cancelQuestion: 'Je plaats gaat meteen naar de wachtlijst; wie opnieuw inschrijft, sluit achteraan aan.',
      cancelConfirm: 'Ja, annuleren',
      cancelKeep: 'Nee, behouden',
      noAccount: 'Nog geen account?',
      joinLink: 'Word partner van LODE',
      joinTitle: 'Word partner',
      joinIntro: 'Burgers, verenigingen, overheden, bedrijven en onderwijs- en onderzoeksinstellingen werken mee aan LODE. Het team bekijkt elk nieuw profiel voor het publiek wordt.',
      joinButton: 'Partner worden',
      joinOrganisation: 'Je organisatie',
      partnerName: 'Naam (van je organisatie, of je eigen naam als burger)',
      joinDescription: 'Wat doet ze? (mag later)',
      joinContact: 'Contactpersoon',
      joinContactPrivate: 'Alleen het team en de leden van je organisatie zien deze gegevens. Ze worden nooit gepubliceerd of doorzocht.',
      contactName: 'Naam',
      phone: 'Telefoon (niet verplicht)',
      joinAccount: 'Je account',
      passwordNew: 'Wachtwoord (minstens 12 tekens, moeilijk te raden)',
      joinTerms: 'Ik ga akkoord met de gebruiksvoorwaarden en de privacyverklaring van LODE (versie {v}): LODE bewaart de contactgegevens alleen voor het programma, en je kan ze op elk moment laten wissen.',
      joinDone: 'Bedankt! Je kan je nu aanmelden. Het team bekijkt je profiel; zodra het is goedgekeurd, kan je organisatie inschrijven voor evenementen.',
      checkField: 'Controleer het veld “{field}”.',
      doorTitle: 'Inchecken aan de deur',
      doorIntro: 'Typ de code van de inschrijving; na elke partner is het vak weer leeg voor de volgende.',
      doorCode: 'Code',
      doorButton: 'Inchecken',
      doorWelcome: '{partner} is ingecheckt voor “{event}”.',
      doorUnknown: 'Geen inschrijving met deze code. Controleer de code.',
      doorConflict: 'Deze code kan niet inchecken: hij werd al gebruikt, of de inschrijving is niet bevestigd.',
      doorForbidden: 'Dit evenement hoort bij een stad die je niet beheert.',
      pendingTitle: 'Partners die op goedkeuring wachten',
      noPending: 'Geen partners die op goedkeuring wachten.',
      approve: 'Goedkeuren',
      approved: 'Goedgekeurd',
      invite: 'Uitnodigen',
      inviteRole: 'Rol voor {name}',
      myInvitations: 'Uitnodigingen voor pilootcases',
      noInvitations: 'Geen openstaande uitnodigingen.',
      asRole: 'als {role}',
      accept: 'Ja, we doen mee',
      decline: 'Nee, bedankt',
      matchingTitle: 'Partners voor deze case (voor het team)',
      matchingIntro: 'Gerangschikt op wat de case nodig heeft: vaardigheden, data, interesse, type stakeholder, stad en betrokkenheid.',
      suggestedTeam: 'Voorgestelde ploeg',
      teamCoverage: 'Deze ploeg dekt {p} van de gevraagde vaardigheden (naar gewicht).',
      teamUncovered: 'Nog niet gedekt: {list}.',
      bestMatches: 'Best passende partners',
      noMatches: 'Geen partners gevonden.',
      reasonCovers: 'kan {list}',
      reasonData: 'biedt {p} van de gevraagde data',
      reasonNeeds: 'heeft data van de case nodig',
      reasonInterest: 'interesse in het meerwaardegebied',
      reasonType: 'brengt een gezocht type stakeholder',
      reasonLocal: 'uit een stad van de case',
      reasonEngaged: 'kwam al naar evenementen',
    },
    en: {
      skip: 'Skip to content',
      brandSub: 'Local Open Data Economy · Ghent & Bruges',
      menu: 'Menu',
      navLabel: 'Main menu',
      navHome: 'Home',
      navDomains: 'Value domains',
      navCases: 'Pilot cases',
      navPartners: 'Partners',
      navEvents: 'Events',
      navStories: 'Success stories',
      navDatasets: 'Datasets',
      navApi: 'GraphQL API',
      footerText: 'a programme of the City of Ghent and the City of Bruges, supported by City of Things.',
      footerApi: 'Open data behind this page: GraphQL API',
      breadcrumb: 'Breadcrumb',
      searchLabel: 'Search',
      searchPlaceholder: 'Search by keyword…',
      searchButton: 'Search',

      loading: 'Loading…',
      loaded: 'Page loaded: {title}',
      loadMore: 'Load more',
      loadingMore: 'Loading more…',
      shown: '{shown} of {total} shown',
      moreLoaded: '{count} more loaded, {shown} of {total} shown',
      retry: 'Try again',
      backHome: 'Go to the home page',
      empty: 'Nothing to show here (yet).',
      emptyFiltered: 'Nothing found with these filters.',
      clearFilters: 'Clear filters',
      all: 'All',
      filters: 'Filters',
      city: 'City',
      anyCity: 'All cities',
      elsewhere: 'Elsewhere',
      seeAll: 'See all',
      none: 'None',
      external: '(opens an external site)',

      homeTitle: 'Making the city together, with data',
      homeKicker: 'LODE · Local Open Data Economy',
      homeIntro1:
        'Ghent and Bruges are working with citizens, companies, organisations, government services and education to learn where open data makes a real economic and societal difference in the next ten years: with whom, on which themes and on which terms.',
      homeIntro2:
        'Here you find the chosen value domains, the pilot cases that grew out of them, the partners of the open data community, the co-creation sessions you can join and the success stories that came out of them.',
      homeCtaEvents: 'See upcoming sessions',
      homeCtaDomains: 'Explore the value domains',
      homeUpcoming: 'Upcoming events',
      homeNoUpcoming: 'No events are planned at the moment.',
      homeDomains: 'Selected value domains',
      homeNoDomains: 'No value domains have been selected yet.',
      homeStories: 'Success stories',
      homeNoStories: 'No success stories have been published yet.',

      domainsTitle: 'Value domains',
      domainsIntro: 'Themes where open data can add the most value. The pilot cases come from the selected domains.',
      domainsCount: '{n} value domains',
      domainsCount1: '1 value domain',
      status: 'Status',
      statusOpen: 'Selected and candidate',
      theme: 'Theme',
      anyTheme: 'All themes',
      themes: 'Themes',
      priority: 'Priority',
      priorityOf: 'Priority score {score} out of 100',
      economicValue: 'Economic value',
      societalValue: 'Societal value',
      dataReadiness: 'Data readiness',
      scoreOf5: '{n} out of 5',
      domainCases: 'Pilot cases in this domain',
      domainEvents: 'Events about this domain',
      domainStories: 'Success stories in this domain',
      domainPartners: 'Interested partners',
      noCases: 'No pilot cases yet.',
      noEvents: 'No events.',
      noStories: 'No published success stories yet.',
      noPartners: 'No partners yet.',

      casesTitle: 'Pilot cases',
      casesIntro: 'The cases in which the cities work out open data in practice, together with partners.',
      casesCount: '{n} pilot cases',
      casesCount1: '1 pilot case',
      phase: 'Phase',
      anyPhase: 'All phases',
      cities: 'Cities',
      valueDomain: 'Value domain',
      period: 'Period',
      from: 'from {d}',
      until: 'until {d}',
      goals: 'Goals',
      neededCapabilities: 'Capabilities needed',
      weight: 'Weight {n} out of 5',
      weightHint: 'Weight: 1 = nice to have, 5 = essential.',
      wantedTypes: 'Stakeholders wanted',
      datasets: 'Datasets',
      noDatasets: 'No datasets linked.',
      members: 'Partners in this case',
      noMembers: 'No partners yet.',
      role: 'Role',
      caseEvents: 'Events of this case',
      caseStories: 'Success stories of this case',
      description: 'Description',

      partnersTitle: 'Partners',
      partnersIntro:
        'The open data community: citizens, civic organisations, government, companies and education and research institutions taking part in LODE.',
      partnersCount: '{n} partners',
      partnersCount1: '1 partner',
      stakeholderType: 'Stakeholder type',
      anyType: 'All types',
      homeCity: 'City',
      website: 'Website',
      capabilities: 'What we can do',
      dataOffered: 'Data we offer',
      dataNeeded: 'Data we need',
      interests: 'Interests',
      memberships: 'Pilot cases',
      noMemberships: 'Not in any pilot case yet.',
      partnerStories: 'Success stories',
      noItems: 'Nothing given.',

      eventsTitle: 'Events',
      eventsIntro: 'Co-creation sessions, workshops, hackathons and info sessions. All times in Brussels time.',
      eventsCount: '{n} events',
      eventsCount1: '1 event',
      upcoming: 'Upcoming',
      past: 'Past',
      whenTabs: 'Upcoming or past events',
      when: 'When',
      where: 'Where',
      online: 'Online',
      onlineLink: 'Link to join online',
      onlineNoLink: 'Online (link to follow)',
      capacity: 'Capacity',
      seats: '{n} seats',
      seats1: '1 seat',
      noLimit: 'No limit',
      seatsNow: 'Seats',
      seatsLeft: '{n} seats left',
      seatsLeft1: '1 seat left',
      seatsFull: 'Full',
      seatsFullWaitlist: 'Full — {n} on the waiting list',
      icsEvent: 'Add to your calendar (.ics)',
      icsFeed: 'Subscribe to this calendar',
      icsFeedCase: 'Subscribe to this case’s calendar',
      icsFeedDomain: 'Subscribe to this domain’s calendar',
      format: 'Format',
      audience: 'For',
      everyone: 'Everyone',
      registration: 'Registration',
      regOpens: 'Registration opens {d}.',
      regCloses: 'Registration closes {d}.',
      regUntilStart: 'Registration is open until the event starts.',
      regPartners: 'You register as a LODE partner.',
      cancelledNote: 'This event has been cancelled.',
      timeZoneNote: 'Times in {tz}.',
      pilotCase: 'Pilot case',

      storiesTitle: 'Success stories',
      storiesIntro: 'What open data has already achieved in Ghent and Bruges, told by those who did it.',
      storiesCount: '{n} success stories',
      storiesCount1: '1 success story',
      publishedOn: 'Published on {d}',
      impact: 'Impact',
      partners: 'Partners',
      reusedDatasets: 'Datasets reused',

      datasetsTitle: 'Datasets',
      datasetsIntro: 'Open datasets used in the pilot cases and success stories.',
      datasetsCount: '{n} datasets',
      datasetsCount1: '1 dataset',
      publisher: 'Publisher',
      licence: 'Licence',
      openDataset: 'Go to the dataset',
      usedInCases: 'Used in pilot cases',
      usedInStories: 'Reused in success stories',
      notUsed: 'Not used anywhere yet.',

      searchTitle: 'Search',
      searchResultsFor: 'Search results for “{q}”',
      searchIntro: 'Search value domains, pilot cases, partners, events, success stories and datasets at once.',
      searchPrompt: 'Type a search term in the search box at the top of the page, for example “mobiliteit” or “luchtkwaliteit”.',
      searchCount: '{n} results',
      searchCount1: '1 result',
      searchNone: 'No results for “{q}”.',
      searchNoneFiltered: 'No results with these filters.',
      searchNoneHint: 'Try another or shorter word, or clear the filters.',
      searchUnavailableTitle: 'Search is unavailable for a moment',
      searchUnavailable: 'Search is temporarily out of service. Please try again in a moment, or browse through the menu in the meantime.',
      refine: 'Refine results',
      refineActive: 'Refine results ({n} active)',
      facetKind: 'Kind',
      facetCity: 'City',
      facetType: 'Stakeholder type',
      facetCountSr: '{n} results',
      facetCountSr1: '1 result',
      matchTags: 'Keywords',

      notFoundTitle: 'Not found',
      notFoundText: 'This page does not exist (any more), or is not public.',
      errorTitle: 'Something went wrong',
      errorCode: 'Error code: {code}',
      err_NOT_FOUND: 'We could not find what you were looking for. It may have moved or is not public (any more).',
      err_VALIDATION: 'The request to the server was not valid. Try clearing the filters or reloading the page.',
      err_CONFLICT: 'This clashes with the current state of the data. Reload the page and try again.',
      err_FORBIDDEN: 'You do not have access to this data.',
      err_UNAUTHENTICATED: 'Please sign in first to see this.',
      err_INTERNAL: 'Something went wrong on our side. Please try again in a moment.',
      err_PAYLOAD_TOO_LARGE: 'The request to the server was too large.',
      err_NETWORK: 'The server cannot be reached. Check your connection and try again.',
      err_TIMEOUT: 'The server did not answer in time. Please try again.',
      err_BAD_RESPONSE: 'The server gave an unexpected answer.',
      err_UNKNOWN: 'Something unexpected went wrong.',
      err_UNAVAILABLE: 'This is unavailable for a moment. Please try again shortly.',
      err_RATE_LIMITED: 'Too many attempts. Please try again in {s} seconds.',
      err_SESSION_ENDED: 'Your session has ended. Please sign in again.',

      signIn: 'Sign in',
      mine: 'My LODE',
      signInTitle: 'Sign in',
      signInIntro: 'Partners sign in to manage their registrations for events.',
      email: 'E-mail address',
      password: 'Password',
      signInButton: 'Sign in',
      signingIn: 'Signing in…',
      signInWrong: 'This e-mail address and password do not match.',
      signedInAs: 'Signed in as {email}',
      signOut: 'Sign out',
      mineTitle: 'My LODE',
      account: 'Account',
      organisation: 'Organisation',
      myRegistrations: 'My registrations',
      noRegistrations: 'Your organisation has not registered for an event yet.',
      registrationCode: 'Code at the door: {code}',
      waitlistPlace: 'Place {n} on the waitlist',
      cancelRegistration: 'Cancel registration',
      teamNote: 'The team manages the rest of LODE through the GraphQL API.',
      register: 'Register for this event',
      registerSignIn: 'Sign in to register your organisation.',
      registered: 'Your organisation is registered. Show this code at the door: {code}',
      waitlisted: 'The event is full: your organisation is number {n} on the waitlist.',
      registrationStatus: 'Your registration',
      registerPending: 'Your organisation can register once the team has approved its profile.',
      registerArchived: 'Your organisation’s profile is archived: contact the team to register again.',
      registerRefused: 'The registration did not go through: registration has closed meanwhile, the event was cancelled, or your organisation cannot register. Please reload the page.',
      cancelQuestion: 'Your seat goes to the waitlist at once; registering again puts you at the back of the queue.',
      cancelConfirm: 'Yes, cancel',
      cancelKeep: 'No, keep it',
      noAccount: 'No account yet?',
      joinLink: 'Become a LODE partner',
      joinTitle: 'Become a partner',
      joinIntro: 'Citizens, associations, governments, companies and education and research institutions take part in LODE. The team reviews every new profile before it becomes public.',
      joinButton: 'Become a partner',
      joinOrganisation: 'Your organisation',
      partnerName: 'Name (of your organisation, or your own as a citizen)',
      joinDescription: 'What does it do? (can wait)',
      joinContact: 'Contact person',
      joinContactPrivate: 'Only the team and your organisation’s members see these details. They are never published or searchable.',
      contactName: 'Name',
      phone: 'Phone (optional)',
      joinAccount: 'Your account',
      passwordNew: 'Password (at least 12 characters, hard to guess)',
      joinTerms: 'I accept LODE’s terms of use and privacy notice (version {v}): LODE keeps the contact details for the programme only, and you can have them erased at any time.',
      joinDone: 'Thank you! You can sign in now. The team will review your profile; once it is approved, your organisation can register for events.',
      checkField: 'Please check the field “{field}”.',
      doorTitle: 'Check-in at the door',
      doorIntro: 'Type the registration’s code; after each partner the box is empty again for the next one.',
      doorCode: 'Code',
      doorButton: 'Check in',
      doorWelcome: '{partner} is checked in for “{event}”.',
      doorUnknown: 'No registration has this code. Please check the code.',
      doorConflict: 'This code cannot check in: it was used already, or the registration is not confirmed.',
      doorForbidden: 'This event belongs to a city you do not manage.',
      pendingTitle: 'Partners waiting for approval',
      noPending: 'No partners are waiting for approval.',
      approve: 'Approve',
      approved: 'Approved',
      invite: 'Invite',
      inviteRole: 'Role for {name}',
      myInvitations: 'Invitations to pilot cases',
      noInvitations: 'No open invitations.',
      asRole: 'as {role}',
      accept: 'Yes, we take part',
      decline: 'No, thank you',
      matchingTitle: 'Partners for this case (for the team)',
      matchingIntro: 'Ranked by what the case needs: capabilities, data, interest, stakeholder type, city and engagement.',
      suggestedTeam: 'Suggested team',
      teamCoverage: 'This team covers {p} of the needed capabilities (by weight).',
      teamUncovered: 'Not covered yet: {list}.',
      bestMatches: 'Best-fitting partners',
      noMatches: 'No partners found.',
      reasonCovers: 'can do {list}',
      reasonData: 'offers {p} of the data needed',
      reasonNeeds: 'needs data from the case',
      reasonInterest: 'interested in the value domain',
      reasonType: 'brings a wanted stakeholder type',
      reasonLocal: 'from one of the case’s cities',
      reasonEngaged: 'has come to events',
    },
  };

  // Labels of the API's enums, in both languages.
  const ENUMS = {
    City: { GENT: ['Gent', 'Ghent'], BRUGGE: ['Brugge', 'Bruges'] },
    StakeholderType: {
      CITIZEN: ['Burger', 'Citizen'],
      CIVIC_ORGANISATION: ['Middenveld en vzw', 'Civic organisation'],
      GOVERNMENT: ['Overheid', 'Government'],
      COMPANY: ['Bedrijf', 'Company'],
      EDUCATION_RESEARCH: ['Onderwijs en onderzoek', 'Education and research'],
    },
    ValueDomainStatus: {
      SELECTED: ['Gekozen', 'Selected'],
      CANDIDATE: ['Kandidaat', 'Candidate'],
      ARCHIVED: ['Gearchiveerd', 'Archived'],
    },
    PilotCasePhase: {
      PROPOSED: ['Voorgesteld', 'Proposed'],
      PREPARING: ['In voorbereiding', 'Preparing'],
      RUNNING: ['Loopt', 'Running'],
      EVALUATING: ['In evaluatie', 'Evaluating'],
      COMPLETED: ['Afgerond', 'Completed'],
      STOPPED: ['Stopgezet', 'Stopped'],
    },
    EventFormat: {
      WORKSHOP: ['Workshop', 'Workshop'],
      HACKATHON: ['Hackathon', 'Hackathon'],
      INTERVIEW: ['Interview', 'Interview'],
      FOCUS_GROUP: ['Focusgroep', 'Focus group'],
      INFO_SESSION: ['Infosessie', 'Info session'],
      WEBINAR: ['Webinar', 'Webinar'],
      OTHER: ['Andere', 'Other'],
    },
    EventStatus: {
      DRAFT: ['Concept', 'Draft'],
      PUBLISHED: ['Gepland', 'Scheduled'],
      CANCELLED: ['Geannuleerd', 'Cancelled'],
      COMPLETED: ['Afgelopen', 'Took place'],
    },
    PartnerStatus: {
      PENDING: ['Wacht op goedkeuring', 'Awaiting approval'],
      APPROVED: ['Goedgekeurd', 'Approved'],
      ARCHIVED: ['Gearchiveerd', 'Archived'],
    },
    RegistrationStatus: {
      CONFIRMED: ['Ingeschreven', 'Registered'],
      WAITLISTED: ['Op de wachtlijst', 'On the waitlist'],
      CANCELLED: ['Geannuleerd', 'Cancelled'],
      ATTENDED: ['Aanwezig geweest', 'Attended'],
      NO_SHOW: ['Niet gekomen', 'Did not come'],
    },
    Role: {
      ADMIN: ['Projectteam (beheerder)', 'Project team (administrator)'],
      COORDINATOR: ['Stadscoördinator', 'City coordinator'],
      PARTNER: ['Partner', 'Partner'],
    },
    MemberRole: {
      LEAD: ['Trekker', 'Lead'],
      DATA_PROVIDER: ['Dataleverancier', 'Data provider'],
      DEVELOPER: ['Ontwikkelaar', 'Developer'],
      DOMAIN_EXPERT: ['Domeinexpert', 'Domain expert'],
      END_USER: ['Eindgebruiker', 'End user'],
    },
    MemberStatus: {
      INVITED: ['Uitgenodigd', 'Invited'],
      ACCEPTED: ['Doet mee', 'Taking part'],
      DECLINED: ['Afgezegd', 'Declined'],
    },
    SearchKind: {
      VALUE_DOMAIN: ['Meerwaardegebied', 'Value domain'],
      PILOT_CASE: ['Pilootcase', 'Pilot case'],
      PARTNER: ['Partner', 'Partner'],
      EVENT: ['Evenement', 'Event'],
      SUCCESS_STORY: ['Succesverhaal', 'Success story'],
      DATASET: ['Dataset', 'Dataset'],
    },
    Theme: {
      AGRI: ['Landbouw, visserij en voeding', 'Agriculture, fisheries and food'],
      ECON: ['Economie en financiën', 'Economy and finance'],
      EDUC: ['Onderwijs, cultuur en sport', 'Education, culture and sport'],
      ENER: ['Energie', 'Energy'],
      ENVI: ['Milieu', 'Environment'],
      GOVE: ['Overheid en publieke sector', 'Government and public sector'],
      HEAL: ['Gezondheid', 'Health'],
      INTR: ['Internationaal', 'International issues'],
      JUST: ['Justitie en veiligheid', 'Justice and public safety'],
      REGI: ['Regio’s en steden', 'Regions and cities'],
      SOCI: ['Bevolking en samenleving', 'Population and society'],
      TECH: ['Wetenschap en technologie', 'Science and technology'],
      TRAN: ['Vervoer', 'Transport'],
    },
  };

  const LANG_KEY = 'lode.lang';
  let lang = 'nl';
  try {
    if (localStorage.getItem(LANG_KEY) === 'en') lang = 'en';
  } catch (_) {
    /* storage may be blocked; Dutch it is */
  }

  /** A text of the interface, with {placeholders} filled in. */
  function t(key, vars) {
    const table = TEXT[lang];
    let s = Object.prototype.hasOwnProperty.call(table, key) ? table[key] : TEXT.nl[key] ?? key;
    if (vars) {
      s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    }
    return s;
  }

  /** "3 partners" / "1 partner" from a pair of keys. */
  function count(key, n) {
    return n === 1 ? t(key + '1') : t(key, { n: formatNumber(n) });
  }

  /** The label of an enum value (or the raw value when unknown). */
  function label(enumName, value) {
    const entry = ENUMS[enumName] && ENUMS[enumName][value];
    return entry ? entry[lang === 'en' ? 1 : 0] : String(value);
  }

  const enumValues = (enumName) => Object.keys(ENUMS[enumName]);
  const locale = () => (lang === 'en' ? 'en-GB' : 'nl-BE');
  const formatNumber = (n) => new Intl.NumberFormat(locale()).format(n);

  // ---------------------------------------------------------------------------------------------------------
  // DOM helpers (the only way elements are made)
  // ---------------------------------------------------------------------------------------------------------

  /**
   * Makes an element. `props` may hold: class, text, testid, dataset-free attributes (set with
   * setAttribute), and on<Event> handlers. Children are nodes or strings (strings become text nodes).
   * `href` is only set here for internal links; external ones go through `externalLink`.
   */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (key === 'testid') el.setAttribute('data-testid', value);
        else if (key.startsWith('on') && typeof value === 'function') {
          el.addEventListener(key.slice(2).toLowerCase(), value);
        } else if (key === 'href') {
          if (!String(value).startsWith('#') && !String(value).startsWith('/')) {
            throw new Error('h(): external hrefs must go through externalLink()');
          }
          el.setAttribute('href', value);
        } else el.setAttribute(key, value === true ? '' : String(value));
      }
    }
    append(el, children);
    return el;
  }

  function append(parent, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return parent;
  }

  /** An absolute http(s) URL from a record, or null when it is anything else. */
  function safeUrl(value) {
    if (typeof value !== 'string') return null;
    const trimmed = value.trim();
    if (!/^https?:\/\//i.test(trimmed)) return null;
    try {
      const url = new URL(trimmed);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  /** A link to a URL from a record, or plain text when the URL is not http(s). */
  function externalLink(url, text, testid) {
    const safe = safeUrl(url);
    const shown = text ?? url ?? '';
    if (!safe) return h('span', { class: 'unlinked-url', testid }, shown);
    const a = document.createElement('a');
    a.href = safe;
    a.rel = 'noopener noreferrer nofollow external';
    a.className = 'external';
    if (testid) a.setAttribute('data-testid', testid);
    a.append(document.createTextNode(shown), h('span', { class: 'sr-only' }, ' ' + t('external')));
    return a;
  }

  /** An internal link to a route. */
  function routeLink(parts, text, props = {}) {
    return h('a', { ...props, href: routeHref(parts) }, text);
  }

  function routeHref(parts, params) {
    const path = '#/' + parts.map((p) => encodeURIComponent(p)).join('/');
    const query = params ? new URLSearchParams(params).toString() : '';
    return query ? `${path}?${query}` : path;
  }

  // iCalendar files served next to the API (same origin, so plain internal links).
  const eventIcsHref = (slug) => `/events/${encodeURIComponent(slug)}.ics`;

  /** The events feed, `/events.ics`, with the given filters (empty ones left out). */
  function feedHref(params) {
    const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v)).toString();
    return query ? `/events.ics?${query}` : '/events.ics';
  }

  /** A small link to an iCalendar file. */
  function calendarLink(href, text, testid) {
    return h('p', { class: 'ics' }, h('a', { class: 'ics-link', href, type: 'text/calendar', testid }, text));
  }

  /** Markdown shown as plain text paragraphs (no markup is interpreted). */
  function paragraphs(text, testid) {
    const parts = String(text ?? '')
      .replace(/\r\n?/g, '\n')
      .split(/\n[ \t]*\n/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (!parts.length) return null;
    return h('div', { class: 'prose', testid }, parts.map((p) => h('p', null, p)));
  }

  /** The first paragraph of a Markdown text, for cards. */
  function firstParagraph(text) {
    const first = String(text ?? '').replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/).map((p) => p.trim()).find(Boolean);
    return first ? h('p', { class: 'card-text' }, first) : null;
  }

  // Search snippets: HTML-escaped text whose only markup is <mark>…</mark>. They are never parsed as HTML.
  const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  const MARK_TAG = /(<mark>|<\/mark>)/;

  /** Undoes the HTML escaping of a snippet piece, in one pass (so "&amp;lt;" becomes "&lt;", not "<"). */
  function unescapeEntities(text) {
    return text.replace(/&(?:amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);
  }

  /**
   * The nodes of a snippet: the string is split on the literal tags `<mark>` and `</mark>`; every other
   * piece is unescaped and goes in as a text node, so any other markup is shown as text. Unbalanced or
   * nested tags are tolerated (an extra `<mark>` is ignored, a missing `</mark>` ends at the end).
   */
  function highlightNodes(snippet) {
    const nodes = [];
    let mark = null;
    for (const piece of String(snippet ?? '').split(MARK_TAG)) {
      if (piece === '<mark>') {
        if (!mark) mark = document.createElement('mark');
      } else if (piece === '</mark>') {
        if (mark && mark.firstChild) nodes.push(mark);
        mark = null;
      } else if (piece) {
        const text = document.createTextNode(unescapeEntities(piece));
        if (mark) mark.append(text);
        else nodes.push(text);
      }
    }
    if (mark && mark.firstChild) nodes.push(mark);
    return nodes;
  }

  /** The plain text of a snippet (tags dropped, entities undone). */
  function snippetText(snippet) {
    return String(snippet ?? '')
      .split(MARK_TAG)
      .filter((piece) => piece !== '<mark>' && piece !== '</mark>')
      .map(unescapeEntities)
      .join('');
  }

  function chip(text, variant, testid) {
    return h('span', { class: 'chip' + (variant ? ' chip-' + variant : ''), testid }, text);
  }

  function cityChips(cities) {
    return (cities || []).map((c) => chip(label('City', c), 'city-' + String(c).toLowerCase()));
  }

  function chipList(items, variant, testid) {
    if (!items || !items.length) return h('p', { class: 'muted' }, t('noItems'));
    return h('ul', { class: 'chip-list', testid }, items.map((item) => h('li', null, chip(item, variant))));
  }

  function section(titleText, testid, ...children) {
    const id = 'sec-' + Math.random().toString(36).slice(2, 8);
    return h('section', { class: 'section', 'aria-labelledby': id, testid }, h('h2', { id }, titleText), children);
  }

  function definitionList(rows, testid) {
    const dl = h('dl', { class: 'facts', testid });
    for (const [term, value] of rows) {
      if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) continue;
      dl.append(h('div', { class: 'fact' }, h('dt', null, term), h('dd', null, value)));
    }
    return dl;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Dates and times (always shown in Europe/Brussels)
  // ---------------------------------------------------------------------------------------------------------

  const dtf = (options, timeZone) => new Intl.DateTimeFormat(locale(), { timeZone: timeZone || TIME_ZONE, ...options });
  const parse = (iso) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const DAY = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' };
  const SHORT_DAY = { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' };
  const TIME = { hour: '2-digit', minute: '2-digit' };

  function sameLocalDay(a, b, tz) {
    const f = dtf({ year: 'numeric', month: '2-digit', day: '2-digit' }, tz);
    return f.format(a) === f.format(b);
  }

  /** "dinsdag 3 december 2026, 17:00–19:00" for an event (from its local times with offset). */
  function eventWhen(ev, short) {
    const tz = ev.timeZone || TIME_ZONE;
    const start = parse(ev.startsAtLocal);
    const end = parse(ev.endsAtLocal);
    if (!start) return '';
    const day = dtf(short ? SHORT_DAY : DAY, tz);
    const time = dtf(TIME, tz);
    if (!end) return `${day.format(start)}, ${time.format(start)}`;
    if (sameLocalDay(start, end, tz)) return `${day.format(start)}, ${time.format(start)}–${time.format(end)}`;
    return `${day.format(start)}, ${time.format(start)} – ${day.format(end)}, ${time.format(end)}`;
  }

  function timeEl(iso, text) {
    return h('time', { datetime: iso }, text);
  }

  function formatInstant(iso) {
    const d = parse(iso);
    return d ? dtf({ ...DAY, ...TIME }).format(d) : '';
  }

  function formatDay(iso) {
    const d = parse(iso);
    return d ? dtf({ day: 'numeric', month: 'long', year: 'numeric' }).format(d) : '';
  }

  /** A calendar date (NaiveDate, "2024-05-31"), shown without any time-zone shift. */
  function formatNaiveDate(value) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value ?? ''));
    if (!m) return String(value ?? '');
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(d);
  }

  function dateBadge(ev) {
    const start = parse(ev.startsAtLocal);
    const tz = ev.timeZone || TIME_ZONE;
    if (!start) return null;
    const city = (ev.cities || []).length === 1 ? String(ev.cities[0]).toLowerCase() : 'both';
    return h(
      'div',
      { class: 'date-badge date-badge-' + city, 'aria-hidden': 'true' },
      h('span', { class: 'date-badge-day' }, dtf({ day: 'numeric' }, tz).format(start)),
      h('span', { class: 'date-badge-month' }, dtf({ month: 'short' }, tz).format(start).replace('.', '')),
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // The GraphQL client
  // ---------------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(code, message, field, retryAfter) {
      super(message || code);
      this.code = code || 'UNKNOWN';
      this.field = field || null;
      this.retryAfter = retryAfter ?? null;
    }
  }

  /**
   * Runs a query; resolves with `data`, or rejects with an ApiError carrying `extensions.code`. Public pages
   * ask anonymously; `signedIn` sends the session's bearer token (and fails when there is none).
   */
  async function gql(query, variables = {}, { signedIn = false } = {}) {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (signedIn) {
      const token = sessionToken();
      if (!token) throw new ApiError('UNAUTHENTICATED');
      headers.authorization = `Bearer ${token}`;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30000);
    let response;
    try {
      response = await fetch(ENDPOINT, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
        signal: controller.signal,
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new ApiError(err && err.name === 'AbortError' ? 'TIMEOUT' : 'NETWORK');
    } finally {
      clearTimeout(timer);
    }
    // A token the server no longer accepts (expired, signed out elsewhere): forget it.
    if (signedIn && response.status === 401) {
      endSession();
      throw new ApiError('SESSION_ENDED');
    }
    let body;
    try {
      body = await response.json();
    } catch (_) {
      throw new ApiError(response.status === 408 ? 'TIMEOUT' : 'BAD_RESPONSE');
    }
    if (body && Array.isArray(body.errors) && body.errors.length) {
      const first = body.errors[0] || {};
      const ext = first.extensions || {};
      // The raw message is for developers only; people see a friendly text picked by the code.
      if (ext.code !== 'NOT_FOUND') console.warn('LODE API error', ext.code, first.message, JSON.stringify(first.path || []));
      throw new ApiError(ext.code || 'UNKNOWN', first.message, ext.field, ext.retryAfterSeconds);
    }
    if (!response.ok || !body || typeof body.data !== 'object' || body.data === null) {
      throw new ApiError(response.status === 408 ? 'TIMEOUT' : 'BAD_RESPONSE');
    }
    return body.data;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Queries (every one is exported as LODE_QUERIES for tests)
  // ---------------------------------------------------------------------------------------------------------

  const F_EVENT = `fragment EventCard on CoCreationEvent {
  id slug title format status startsAtLocal endsAtLocal timeZone venue onlineUrl capacity cities
}`;
  const F_DOMAIN = `fragment DomainCard on ValueDomain {
  id slug name description status priorityScore themes economicValue societalValue dataReadiness
}`;
  const F_CASE = `fragment CaseCard on PilotCase {
  id slug title summary phase cities startDate endDate valueDomain { slug name }
}`;
  const F_PARTNER = `fragment PartnerCard on Partner {
  id slug name stakeholderType homeCity status capabilities
}`;
  const F_STORY = `fragment StoryCard on SuccessStory {
  id slug title summary status publishedAt city
}`;
  const F_DATASET = `fragment DatasetCard on Dataset {
  id slug title publisher url licence theme
}`;
  const PAGE = 'totalCount pageInfo { hasNextPage endCursor }';

  // Search hits: one small fragment per record type, each with the slug for the link to the record's page.
  // The statuses are aliased because a union selection may not merge fields of different enum types.
  const F_SEARCH = `fragment SearchHitFields on SearchHit {
  cursor kind
  highlights { field snippet }
  record {
    __typename
    ...SearchDomain ...SearchCase ...SearchPartner ...SearchEvent ...SearchStory ...SearchDataset
  }
}
fragment SearchDomain on ValueDomain { id slug name domainStatus: status themes }
fragment SearchCase on PilotCase { id slug title phase cities }
fragment SearchPartner on Partner { id slug name stakeholderType homeCity }
fragment SearchEvent on CoCreationEvent { id slug title format eventStatus: status startsAtLocal endsAtLocal timeZone cities }
fragment SearchStory on SuccessStory { id slug title publishedAt city }
fragment SearchDataset on Dataset { id slug title publisher theme }`;
  const FACETS = 'facets { field values { value count } }';

  const QUERIES = {
    home: `query Home($now: DateTime!) {
  upcoming: events(filter: { status: [PUBLISHED], startsFrom: $now }, orderBy: { field: STARTS_AT, direction: ASC }, first: 6) {
    totalCount nodes { ...EventCard }
  }
  domains: valueDomains(filter: { status: [SELECTED] }, orderBy: { field: PRIORITY, direction: DESC }, first: 6) {
    totalCount nodes { ...DomainCard }
  }
  stories: successStories(filter: { status: [PUBLISHED] }, orderBy: { field: PUBLISHED_AT, direction: DESC }, first: 3) {
    totalCount nodes { ...StoryCard }
  }
}
${F_EVENT}
${F_DOMAIN}
${F_STORY}`,

    domains: `query Domains($filter: ValueDomainFilter, $first: Int!, $after: String) {
  list: valueDomains(filter: $filter, orderBy: { field: PRIORITY, direction: DESC }, first: $first, after: $after) {
    ${PAGE} nodes { ...DomainCard }
  }
}
${F_DOMAIN}`,

    domain: `query Domain($slug: String!) {
  valueDomain(slug: $slug) {
    ...DomainCard
    pilotCases { ...CaseCard }
    events { ...EventCard }
    successStories { ...StoryCard }
    interestedPartners { ...PartnerCard }
  }
}
${F_DOMAIN}
${F_CASE}
${F_EVENT}
${F_STORY}
${F_PARTNER}`,

    cases: `query Cases($filter: PilotCaseFilter, $first: Int!, $after: String) {
  list: pilotCases(filter: $filter, orderBy: { field: TITLE, direction: ASC }, first: $first, after: $after) {
    ${PAGE} nodes { ...CaseCard }
  }
}
${F_CASE}`,

    case: `query Case($slug: String!) {
  pilotCase(slug: $slug) {
    ...CaseCard
    description goals wantedStakeholderTypes
    valueDomain { slug name status }
    neededCapabilities { name weight }
    datasets { ...DatasetCard }
    members { id role status partner { slug name stakeholderType homeCity status } }
    events { ...EventCard }
    successStories { ...StoryCard }
  }
}
${F_CASE}
${F_DATASET}
${F_EVENT}
${F_STORY}`,

    partners: `query Partners($filter: PartnerFilter!, $first: Int!, $after: String) {
  list: partners(filter: $filter, orderBy: { field: NAME, direction: ASC }, first: $first, after: $after) {
    ${PAGE} nodes { ...PartnerCard }
  }
}
${F_PARTNER}`,

    partner: `query Partner($slug: String!) {
  partner(slug: $slug) {
    ...PartnerCard
    description website dataOffered dataNeeded
    interests { slug name status }
    memberships { id role status pilotCase { slug title phase } }
    successStories { ...StoryCard }
  }
}
${F_PARTNER}
${F_STORY}`,

    events: `query Events($filter: CoCreationEventFilter!, $direction: OrderDirection!, $first: Int!, $after: String) {
  list: events(filter: $filter, orderBy: { field: STARTS_AT, direction: $direction }, first: $first, after: $after) {
    ${PAGE} nodes { ...EventCard }
  }
}
${F_EVENT}`,

    event: `query Event($slug: String!) {
  event(slug: $slug) {
    ...EventCard
    description startsAt endsAt address registrationOpensAt registrationClosesAt audience seatsLeft waitlistLength
    pilotCase { slug title }
    valueDomain { slug name }
  }
}
${F_EVENT}`,

    stories: `query Stories($filter: SuccessStoryFilter!, $first: Int!, $after: String) {
  list: successStories(filter: $filter, orderBy: { field: PUBLISHED_AT, direction: DESC }, first: $first, after: $after) {
    ${PAGE} nodes { ...StoryCard }
  }
}
${F_STORY}`,

    story: `query Story($slug: String!) {
  successStory(slug: $slug) {
    ...StoryCard
    body
    impactFigures { label value }
    pilotCase { slug title }
    valueDomain { slug name }
    partners { ...PartnerCard }
    datasets { ...DatasetCard }
  }
}
${F_STORY}
${F_PARTNER}
${F_DATASET}`,

    datasets: `query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {
  list: datasets(filter: $filter, orderBy: { field: TITLE, direction: ASC }, first: $first, after: $after) {
    ${PAGE} nodes { ...DatasetCard }
  }
}
${F_DATASET}`,

    dataset: `query Dataset($slug: String!) {
  dataset(slug: $slug) {
    ...DatasetCard
    pilotCases { slug title phase cities }
    successStories { slug title status publishedAt }
  }
}
${F_DATASET}`,

    // The first page of a search, with its facets. A facet group with a selection gets its counts from a
    // second search without that group's own condition (first: 0, facets only), so the other values of
    // the group stay visible and can be added; those are only asked for when needed (@include).
    search: `query Search($query: String!, $filter: SearchFilter, $first: Int!, $after: String,
  $kindFacet: Boolean!, $kindFacetFilter: SearchFilter,
  $cityFacet: Boolean!, $cityFacetFilter: SearchFilter,
  $typeFacet: Boolean!, $typeFacetFilter: SearchFilter) {
  results: search(query: $query, filter: $filter, first: $first, after: $after) {
    ${PAGE} hits { ...SearchHitFields } ${FACETS}
  }
  kindFacets: search(query: $query, filter: $kindFacetFilter, first: 0) @include(if: $kindFacet) { ${FACETS} }
  cityFacets: search(query: $query, filter: $cityFacetFilter, first: 0) @include(if: $cityFacet) { ${FACETS} }
  typeFacets: search(query: $query, filter: $typeFacetFilter, first: 0) @include(if: $typeFacet) { ${FACETS} }
}
${F_SEARCH}`,

    // The next pages of a search ("Meer laden"): hits only.
    searchMore: `query SearchMore($query: String!, $filter: SearchFilter, $first: Int!, $after: String) {
  results: search(query: $query, filter: $filter, first: $first, after: $after) {
    ${PAGE} hits { ...SearchHitFields }
  }
}
${F_SEARCH}`,
  };

  // What the public may see of nested lists (the API returns every status there).
  const isPublicEvent = (ev) => ev && ev.status !== 'DRAFT';
  const isPublicStory = (s) => s && s.status === 'PUBLISHED';
  const isPublicPartner = (p) => p && p.status === 'APPROVED';
  const byStart = (a, b) => (parse(a.startsAtLocal) || 0) - (parse(b.startsAtLocal) || 0);

  // ---------------------------------------------------------------------------------------------------------
  // Cards
  // ---------------------------------------------------------------------------------------------------------

  function eventCard(ev) {
    const where = ev.venue
      ? ev.venue
      : ev.onlineUrl
        ? t('online')
        : null;
    return h(
      'li',
      {
        class:
          'card card-event' +
          ((ev.cities || []).length === 1 ? ' card-event-' + String(ev.cities[0]).toLowerCase() : '') +
          (ev.status === 'CANCELLED' ? ' is-cancelled' : ''),
        testid: 'event-item',
      },
      dateBadge(ev),
      h(
        'div',
        { class: 'card-body' },
        h('h3', { class: 'card-title' }, routeLink(['events', ev.slug], ev.title)),
        h('p', { class: 'card-meta' }, timeEl(ev.startsAtLocal, eventWhen(ev, true))),
        where ? h('p', { class: 'card-meta' }, where) : null,
        h(
          'p',
          { class: 'chips' },
          ev.status === 'CANCELLED' ? chip(label('EventStatus', 'CANCELLED'), 'warn') : null,
          ev.status === 'COMPLETED' ? chip(label('EventStatus', 'COMPLETED'), 'muted') : null,
          chip(label('EventFormat', ev.format), 'format'),
          cityChips(ev.cities),
        ),
      ),
    );
  }

  function domainCard(d) {
    return h(
      'li',
      { class: 'card card-domain', testid: 'domain-item' },
      h(
        'div',
        { class: 'card-body' },
        h('div', { class: 'card-head' }, h('h3', { class: 'card-title' }, routeLink(['domeinen', d.slug], d.name)), statusChip(d.status)),
        firstParagraph(d.description),
        priorityMeter(d.priorityScore),
        d.themes && d.themes.length ? h('p', { class: 'chips' }, d.themes.map((th) => chip(label('Theme', th), 'theme'))) : null,
      ),
    );
  }

  function statusChip(status) {
    const variant = status === 'SELECTED' ? 'ok' : status === 'ARCHIVED' ? 'muted' : 'info';
    return chip(label('ValueDomainStatus', status), variant, 'domain-status');
  }

  function priorityMeter(score) {
    const value = Math.max(0, Math.min(100, Number(score) || 0));
    const fill = h('span', { class: 'meter-fill' });
    fill.style.width = value + '%';
    return h(
      'div',
      { class: 'priority', testid: 'priority-score' },
      h('span', { class: 'priority-label' }, t('priority')),
      h('span', { class: 'meter', role: 'img', 'aria-label': t('priorityOf', { score: value }) }, fill),
      h('span', { class: 'priority-value', 'aria-hidden': 'true' }, String(value)),
    );
  }

  function caseCard(c, showDomain = true) {
    return h(
      'li',
      { class: 'card card-case', testid: 'case-item' },
      h(
        'div',
        { class: 'card-body' },
        h('div', { class: 'card-head' }, h('h3', { class: 'card-title' }, routeLink(['cases', c.slug], c.title)), phaseChip(c.phase)),
        c.summary ? h('p', { class: 'card-text' }, c.summary) : null,
        showDomain && c.valueDomain ? h('p', { class: 'card-meta' }, t('valueDomain') + ': ', routeLink(['domeinen', c.valueDomain.slug], c.valueDomain.name)) : null,
        h('p', { class: 'chips' }, cityChips(c.cities)),
      ),
    );
  }

  function phaseChip(phase) {
    const variant = phase === 'RUNNING' ? 'ok' : phase === 'STOPPED' || phase === 'COMPLETED' ? 'muted' : 'info';
    return chip(label('PilotCasePhase', phase), variant, 'case-phase');
  }

  function partnerCard(p) {
    return h(
      'li',
      { class: 'card card-partner', testid: 'partner-item' },
      h(
        'div',
        { class: 'card-body' },
        h('h3', { class: 'card-title' }, routeLink(['partners', p.slug], p.name)),
        h(
          'p',
          { class: 'chips' },
          chip(label('StakeholderType', p.stakeholderType), 'type'),
          p.homeCity ? cityChips([p.homeCity]) : chip(t('elsewhere'), 'muted'),
        ),
        p.capabilities && p.capabilities.length
          ? h('p', { class: 'card-meta' }, p.capabilities.slice(0, 4).join(' · ') + (p.capabilities.length > 4 ? ' …' : ''))
          : null,
      ),
    );
  }

  function storyCard(s) {
    return h(
      'li',
      { class: 'card card-story', testid: 'story-item' },
      h(
        'div',
        { class: 'card-body' },
        h('h3', { class: 'card-title' }, routeLink(['verhalen', s.slug], s.title)),
        s.summary ? h('p', { class: 'card-text' }, s.summary) : null,
        h(
          'p',
          { class: 'card-meta' },
          s.publishedAt ? timeEl(s.publishedAt, formatDay(s.publishedAt)) : null,
          s.city ? [' ', cityChips([s.city])] : null,
        ),
      ),
    );
  }

  function datasetCard(d) {
    return h(
      'li',
      { class: 'card card-dataset', testid: 'dataset-item' },
      h(
        'div',
        { class: 'card-body' },
        h('h3', { class: 'card-title' }, routeLink(['datasets', d.slug], d.title)),
        h('p', { class: 'card-meta' }, `${t('publisher')}: ${d.publisher} · ${t('licence')}: ${d.licence}`),
        h('p', { class: 'chips' }, chip(label('Theme', d.theme), 'theme')),
        h('p', { class: 'card-link' }, externalLink(d.url, t('openDataset'), 'dataset-url')),
      ),
    );
  }

  /** A list of cards, or a quiet "nothing here" line. */
  function cardList(items, render, testid, emptyText, extraClass) {
    if (!items || !items.length) return h('p', { class: 'muted empty', testid: testid + '-empty' }, emptyText || t('empty'));
    return h('ul', { class: 'cards' + (extraClass ? ' ' + extraClass : ''), testid }, items.map((item) => render(item)));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Page frame, errors, loading
  // ---------------------------------------------------------------------------------------------------------

  const main = () => document.getElementById('main');

  /** Replaces the page's content (null and false children are left out). */
  function setMain(...children) {
    const root = main();
    root.replaceChildren();
    append(root, children);
  }

  function announce(text) {
    const live = document.getElementById('live-status');
    if (!live) return;
    live.textContent = '';
    // A fresh text node after a tick makes screen readers announce it even when it repeats.
    setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  function pageTitle(text, kicker) {
    return h(
      'header',
      { class: 'page-head' },
      kicker ? h('p', { class: 'kicker' }, kicker) : null,
      h('h1', { testid: 'page-title', tabindex: '-1' }, text),
    );
  }

  function breadcrumbs(items) {
    return h(
      'nav',
      { class: 'breadcrumbs', 'aria-label': t('breadcrumb') },
      h(
        'ol',
        null,
        items.map(([text, parts], i) =>
          h('li', null, i < items.length - 1 && parts ? routeLink(parts, text) : h('span', { 'aria-current': 'page' }, text)),
        ),
      ),
    );
  }

  function setTitle(text) {
    document.title = text ? `${text} · LODE` : 'LODE · Lokale Open Data Economie';
  }

  function errorText(err) {
    const code = err && err.code ? err.code : 'UNKNOWN';
    const key = 'err_' + code;
    return { code, text: TEXT.nl[key] ? t(key, { s: err && err.retryAfter ? err.retryAfter : 60 }) : t('err_UNKNOWN') };
  }

  function errorBox(err, onRetry, withTitle = true) {
    const { code, text } = errorText(err);
    return h(
      'div',
      { class: 'notice notice-error', role: 'alert', testid: 'error-message', 'data-code': code },
      withTitle ? h('p', { class: 'notice-title' }, t('errorTitle')) : null,
      h('p', null, text),
      h('p', { class: 'muted small' }, t('errorCode', { code })),
      onRetry ? h('button', { type: 'button', class: 'btn', onclick: onRetry }, t('retry')) : null,
    );
  }

  function renderError(err, retry) {
    setMain(pageTitle(err && err.code === 'NOT_FOUND' ? t('notFoundTitle') : t('errorTitle')), errorBox(err, retry, false),
      h('p', null, routeLink([], t('backHome'))));
    setTitle(err && err.code === 'NOT_FOUND' ? t('notFoundTitle') : t('errorTitle'));
  }

  function renderNotFound() {
    setMain(
      pageTitle(t('notFoundTitle')),
      h('div', { class: 'notice', testid: 'not-found' }, h('p', null, t('notFoundText'))),
      h('p', null, routeLink([], t('backHome'))),
    );
    setTitle(t('notFoundTitle'));
  }

  function renderLoading() {
    const root = main();
    root.setAttribute('aria-busy', 'true');
    setMain(h('div', { class: 'loading', testid: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('loading')));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Paged lists with filters
  // ---------------------------------------------------------------------------------------------------------

  /** A <select> filter that navigates to the same route with the new parameter. */
  function selectFilter({ name, labelText, anyText, options, value, testid, params, route }) {
    const id = 'filter-' + name;
    const select = h(
      'select',
      {
        id,
        name,
        testid,
        onchange: (e) => {
          const next = { ...params };
          if (e.target.value) next[name] = e.target.value;
          else delete next[name];
          navigate(routeHref(route, next), id);
        },
      },
      h('option', { value: '' }, anyText),
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
    );
    return h('div', { class: 'field' }, h('label', { for: id }, labelText), select);
  }

  function filterBar(fields, params, route) {
    const active = Object.keys(params).some((k) => fields.some((f) => f && f.querySelector(`[name="${k}"]`)));
    return h(
      'form',
      { class: 'filters', role: 'search', 'aria-label': t('filters'), testid: 'filters', onsubmit: (e) => e.preventDefault() },
      fields,
      active ? h('p', { class: 'field field-clear' }, routeLink(route, t('clearFilters'), { class: 'link-quiet', testid: 'clear-filters' })) : null,
    );
  }

  /**
   * A list page: title, intro, filters, total count, cards and a "Meer laden" button driven by
   * pageInfo.endCursor / hasNextPage.
   */
  async function listPage(ctx, { title, intro, filters, fetchPage, render, testid, countKey, filtered, extra }) {
    let first;
    try {
      first = await fetchPage(null);
    } catch (err) {
      if (!ctx.current()) return;
      // Keep the title and the filters, so another filter can be chosen; say what went wrong below them.
      setMain(pageTitle(title), intro ? h('p', { class: 'lead' }, intro) : null, extra || null, filters || null, errorBox(err, () => rerender()));
      return;
    }
    if (!ctx.current()) return;
    let shown = first.nodes.length;
    let total = first.totalCount;
    let cursor = first.pageInfo.endCursor;

    const countEl = h('p', { class: 'total-count', testid: 'total-count', 'data-total': String(total) });
    const setCount = () => {
      countEl.setAttribute('data-total', String(total));
      countEl.textContent = count(countKey, total) + (total > shown ? ` · ${t('shown', { shown: formatNumber(shown), total: formatNumber(total) })}` : '');
    };
    setCount();

    const list = h('ul', { class: 'cards', testid }, first.nodes.map((item) => render(item)));
    const empty = h('p', { class: 'muted empty', testid: testid + '-empty' }, filtered ? t('emptyFiltered') : t('empty'));
    const more = h('button', { type: 'button', class: 'btn btn-more', testid: 'load-more' }, t('loadMore'));
    const moreBox = h('div', { class: 'more' }, more);
    const errorSlot = h('div');

    more.addEventListener('click', async () => {
      more.disabled = true;
      more.textContent = t('loadingMore');
      errorSlot.replaceChildren();
      try {
        const page = await fetchPage(cursor);
        if (!ctx.current()) return;
        const firstNew = page.nodes.length ? render(page.nodes[0]) : null;
        if (firstNew) list.append(firstNew, ...page.nodes.slice(1).map((item) => render(item)));
        shown += page.nodes.length;
        total = page.totalCount;
        cursor = page.pageInfo.endCursor;
        setCount();
        more.textContent = t('loadMore');
        more.disabled = false;
        moreBox.hidden = !page.pageInfo.hasNextPage;
        announce(t('moreLoaded', { count: page.nodes.length, shown, total }));
        // Keep keyboard users in place: focus the first new card's link.
        const firstLink = firstNew && firstNew.querySelector('a');
        if (firstLink) firstLink.focus();
        else if (moreBox.hidden) countEl.focus();
      } catch (err) {
        if (!ctx.current()) return;
        more.textContent = t('loadMore');
        more.disabled = false;
        errorSlot.replaceChildren(errorBox(err));
      }
    });
    moreBox.hidden = !first.pageInfo.hasNextPage;

    setMain(
      pageTitle(title),
      intro ? h('p', { class: 'lead' }, intro) : null,
      extra || null,
      filters || null,
      countEl,
      first.nodes.length ? list : empty,
      moreBox,
      errorSlot,
    );
    countEl.setAttribute('tabindex', '-1');
  }

  // Read and validate filter parameters from the hash (unknown values are dropped, never sent).
  function pickEnum(params, key, enumName) {
    const v = params[key];
    return v && enumValues(enumName).includes(v) ? v : null;
  }

  /** A comma-separated list of enum values from the hash (unknown ones dropped, no duplicates). */
  function pickEnumList(params, key, enumName) {
    const known = enumValues(enumName);
    const wanted = String(params[key] ?? '').split(',');
    return known.filter((v) => wanted.includes(v));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Pages
  // ---------------------------------------------------------------------------------------------------------

  async function pageHome(ctx) {
    const data = await gql(QUERIES.home, { now: new Date().toISOString() });
    if (!ctx.current()) return;
    setTitle('');
    const hero = h(
      'section',
      { class: 'hero', testid: 'home-intro' },
      h('p', { class: 'kicker' }, t('homeKicker')),
      h('h1', { testid: 'page-title', tabindex: '-1' }, t('homeTitle')),
      h('p', { class: 'lead' }, t('homeIntro1')),
      h('p', null, t('homeIntro2')),
      h(
        'p',
        { class: 'hero-actions' },
        routeLink(['events'], t('homeCtaEvents'), { class: 'btn' }),
        routeLink(['domeinen'], t('homeCtaDomains'), { class: 'btn btn-secondary' }),
      ),
    );
    const seeAll = (parts, n, params) =>
      n > 0 ? h('p', { class: 'see-all' }, h('a', { href: routeHref(parts, params) }, `${t('seeAll')} (${formatNumber(n)})`)) : null;
    setMain(
      hero,
      section(
        t('homeUpcoming'),
        'home-events',
        cardList(data.upcoming.nodes, eventCard, 'event-list', t('homeNoUpcoming')),
        seeAll(['events'], data.upcoming.totalCount),
      ),
      section(
        t('homeDomains'),
        'home-domains',
        cardList(data.domains.nodes, domainCard, 'domain-list', t('homeNoDomains')),
        seeAll(['domeinen'], data.domains.totalCount, { status: 'SELECTED' }),
      ),
      section(
        t('homeStories'),
        'home-stories',
        cardList(data.stories.nodes, storyCard, 'story-list', t('homeNoStories')),
        seeAll(['verhalen'], data.stories.totalCount),
      ),
    );
  }

  async function pageDomains(ctx, params) {
    const route = ['domeinen'];
    const status = params.status === 'ALL' ? 'ALL' : pickEnum(params, 'status', 'ValueDomainStatus');
    const theme = pickEnum(params, 'thema', 'Theme');
    const filter = {
      status: status === 'ALL' ? null : status ? [status] : ['SELECTED', 'CANDIDATE'],
      theme,
    };
    if (!filter.status) delete filter.status;
    if (!filter.theme) delete filter.theme;
    const clean = {};
    if (status) clean.status = status;
    if (theme) clean.thema = theme;
    setTitle(t('domainsTitle'));
    const statusSelect = selectFilter({
      name: 'status',
      labelText: t('status'),
      anyText: t('statusOpen'),
      options: [...enumValues('ValueDomainStatus').map((v) => [v, label('ValueDomainStatus', v)]), ['ALL', t('all')]],
      value: status,
      testid: 'filter-status',
      params: clean,
      route,
    });
    const themeSelect = selectFilter({
      name: 'thema',
      labelText: t('theme'),
      anyText: t('anyTheme'),
      options: enumValues('Theme').map((v) => [v, label('Theme', v)]),
      value: theme,
      testid: 'filter-theme',
      params: clean,
      route,
    });
    await listPage(ctx, {
      title: t('domainsTitle'),
      intro: t('domainsIntro'),
      filters: filterBar([statusSelect, themeSelect], clean, route),
      fetchPage: async (after) => (await gql(QUERIES.domains, { filter, first: PAGE_SIZE, after })).list,
      render: domainCard,
      testid: 'domain-list',
      countKey: 'domainsCount',
      filtered: Object.keys(clean).length > 0,
    });
  }

  async function pageDomain(ctx, slug) {
    const data = await gql(QUERIES.domain, { slug });
    if (!ctx.current()) return;
    const d = data.valueDomain;
    if (!d) return renderNotFound();
    setTitle(d.name);
    const events = (d.events || []).filter(isPublicEvent).sort(byStart);
    const stories = (d.successStories || []).filter(isPublicStory);
    const partners = (d.interestedPartners || []).filter(isPublicPartner).sort((a, b) => a.name.localeCompare(b.name, locale()));
    setMain(
      breadcrumbs([[t('navHome'), []], [t('domainsTitle'), ['domeinen']], [d.name]]),
      pageTitle(d.name, t('valueDomain')),
      h('p', { class: 'chips' }, statusChip(d.status), (d.themes || []).map((th) => chip(label('Theme', th), 'theme'))),
      h(
        'div',
        { class: 'detail-grid' },
        h('div', { class: 'detail-main' }, paragraphs(d.description, 'domain-description')),
        h(
          'aside',
          { class: 'detail-side panel', testid: 'domain-scores' },
          priorityMeter(d.priorityScore),
          definitionList([
            [t('economicValue'), scoreDots(d.economicValue)],
            [t('societalValue'), scoreDots(d.societalValue)],
            [t('dataReadiness'), scoreDots(d.dataReadiness)],
          ]),
        ),
      ),
      section(t('domainCases'), 'domain-cases', cardList(d.pilotCases, (c) => caseCard(c, false), 'case-list', t('noCases'))),
      section(
        t('domainEvents'),
        'domain-events',
        cardList(events, eventCard, 'event-list', t('noEvents')),
        calendarLink(feedHref({ valueDomain: d.slug }), t('icsFeedDomain'), 'domain-events-feed'),
      ),
      section(t('domainStories'), 'domain-stories', cardList(stories, storyCard, 'story-list', t('noStories'))),
      section(t('domainPartners'), 'domain-partners', cardList(partners, partnerCard, 'partner-list', t('noPartners'))),
    );
  }

  function scoreDots(n) {
    const value = Math.max(0, Math.min(5, Number(n) || 0));
    const dots = h('span', { class: 'dots', 'aria-hidden': 'true' });
    for (let i = 1; i <= 5; i++) dots.append(h('span', { class: 'dot-score' + (i <= value ? ' on' : '') }));
    return h('span', { class: 'score' }, dots, h('span', { class: 'score-text' }, t('scoreOf5', { n: value })));
  }

  async function pageCases(ctx, params) {
    const route = ['cases'];
    const city = pickEnum(params, 'stad', 'City');
    const phase = pickEnum(params, 'fase', 'PilotCasePhase');
    const filter = {};
    if (city) filter.city = city;
    if (phase) filter.phase = [phase];
    const clean = {};
    if (city) clean.stad = city;
    if (phase) clean.fase = phase;
    setTitle(t('casesTitle'));
    await listPage(ctx, {
      title: t('casesTitle'),
      intro: t('casesIntro'),
      filters: filterBar(
        [
          selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route }),
          selectFilter({ name: 'fase', labelText: t('phase'), anyText: t('anyPhase'), options: enumValues('PilotCasePhase').map((v) => [v, label('PilotCasePhase', v)]), value: phase, testid: 'filter-phase', params: clean, route }),
        ],
        clean,
        route,
      ),
      fetchPage: async (after) => (await gql(QUERIES.cases, { filter, first: PAGE_SIZE, after })).list,
      render: caseCard,
      testid: 'case-list',
      countKey: 'casesCount',
      filtered: Object.keys(clean).length > 0,
    });
  }

  async function pageCase(ctx, slug) {
    const data = await gql(QUERIES.case, { slug });
    if (!ctx.current()) return;
    const c = data.pilotCase;
    if (!c) return renderNotFound();
    setTitle(c.title);
    const members = (c.members || []).filter((m) => isPublicPartner(m.partner) && m.status !== 'DECLINED');
    const roleOrder = enumValues('MemberRole');
    members.sort((a, b) => roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.partner.name.localeCompare(b.partner.name, locale()));
    const events = (c.events || []).filter(isPublicEvent).sort(byStart);
    const stories = (c.successStories || []).filter(isPublicStory);
    const capabilities = [...(c.neededCapabilities || [])].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name, locale()));

    let period = null;
    if (c.startDate && c.endDate) period = `${formatNaiveDate(c.startDate)} – ${formatNaiveDate(c.endDate)}`;
    else if (c.startDate) period = t('from', { d: formatNaiveDate(c.startDate) });
    else if (c.endDate) period = t('until', { d: formatNaiveDate(c.endDate) });
    // Signed-in team members also see which partners fit the case.
    const matching = await caseMatching(c);
    if (!ctx.current()) return;

    setMain(
      breadcrumbs([[t('navHome'), []], [t('casesTitle'), ['cases']], [c.title]]),
      pageTitle(c.title, t('pilotCase')),
      c.summary ? h('p', { class: 'lead' }, c.summary) : null,
      h(
        'div',
        { class: 'detail-grid' },
        h(
          'div',
          { class: 'detail-main' },
          paragraphs(c.description, 'case-description'),
          c.goals && c.goals.length
            ? section(t('goals'), 'case-goals', h('ul', { class: 'bullets' }, c.goals.map((g) => h('li', null, g))))
            : null,
        ),
        h(
          'aside',
          { class: 'detail-side panel', testid: 'case-facts' },
          definitionList([
            [t('phase'), phaseChip(c.phase)],
            [t('cities'), h('span', { class: 'chips' }, cityChips(c.cities))],
            [t('valueDomain'), c.valueDomain ? routeLink(['domeinen', c.valueDomain.slug], c.valueDomain.name) : null],
            [t('period'), period],
          ]),
        ),
      ),
      section(
        t('neededCapabilities'),
        'case-capabilities',
        capabilities.length
          ? [
              h(
                'ul',
                { class: 'weights', testid: 'capability-list' },
                capabilities.map((cap) =>
                  h(
                    'li',
                    { class: 'weight-row' },
                    h('span', { class: 'weight-name' }, cap.name),
                    h('span', { class: 'weight-bar', role: 'img', 'aria-label': t('weight', { n: cap.weight }) }, weightFill(cap.weight)),
                    h('span', { class: 'weight-value', 'aria-hidden': 'true' }, `${cap.weight}/5`),
                  ),
                ),
              ),
              h('p', { class: 'muted small' }, t('weightHint')),
            ]
          : h('p', { class: 'muted' }, t('noItems')),
      ),
      section(
        t('wantedTypes'),
        'case-wanted-types',
        chipList((c.wantedStakeholderTypes || []).map((s) => label('StakeholderType', s)), 'type', 'wanted-type-list'),
      ),
      section(t('datasets'), 'case-datasets', cardList(c.datasets, datasetCard, 'dataset-list', t('noDatasets'))),
      section(
        t('members'),
        'case-members',
        members.length
          ? h(
              'ul',
              { class: 'rows', testid: 'member-list' },
              members.map((m) =>
                h(
                  'li',
                  { class: 'row', testid: 'member-item' },
                  h('span', { class: 'row-main' }, routeLink(['partners', m.partner.slug], m.partner.name), h('span', { class: 'muted small' }, ' · ' + label('StakeholderType', m.partner.stakeholderType))),
                  h('span', { class: 'chips' }, chip(label('MemberRole', m.role), 'role'), chip(label('MemberStatus', m.status), m.status === 'ACCEPTED' ? 'ok' : 'info')),
                ),
              ),
            )
          : h('p', { class: 'muted', testid: 'member-list-empty' }, t('noMembers')),
      ),
      section(
        t('caseEvents'),
        'case-events',
        cardList(events, eventCard, 'event-list', t('noEvents')),
        calendarLink(feedHref({ pilotCase: c.slug }), t('icsFeedCase'), 'case-events-feed'),
      ),
      section(t('caseStories'), 'case-stories', cardList(stories, storyCard, 'story-list', t('noStories'))),
      matching,
    );
  }

  function weightFill(weight) {
    const fill = h('span', { class: 'meter-fill' });
    fill.style.width = Math.max(0, Math.min(5, Number(weight) || 0)) * 20 + '%';
    return fill;
  }

  async function pagePartners(ctx, params) {
    const route = ['partners'];
    const type = pickEnum(params, 'type', 'StakeholderType');
    const city = pickEnum(params, 'stad', 'City');
    // The public only ever sees approved partners.
    const filter = { status: ['APPROVED'] };
    if (type) filter.stakeholderType = [type];
    if (city) filter.homeCity = city;
    const clean = {};
    if (type) clean.type = type;
    if (city) clean.stad = city;
    setTitle(t('partnersTitle'));
    await listPage(ctx, {
      title: t('partnersTitle'),
      intro: t('partnersIntro'),
      filters: filterBar(
        [
          selectFilter({ name: 'type', labelText: t('stakeholderType'), anyText: t('anyType'), options: enumValues('StakeholderType').map((v) => [v, label('StakeholderType', v)]), value: type, testid: 'filter-type', params: clean, route }),
          selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route }),
        ],
        clean,
        route,
      ),
      fetchPage: async (after) => (await gql(QUERIES.partners, { filter, first: PAGE_SIZE, after })).list,
      render: partnerCard,
      testid: 'partner-list',
      countKey: 'partnersCount',
      filtered: Object.keys(clean).length > 0,
    });
  }

  async function pagePartner(ctx, slug) {
    const data = await gql(QUERIES.partner, { slug });
    if (!ctx.current()) return;
    const p = data.partner;
    // A partner that is not approved is not public: treat it as not found.
    if (!p || !isPublicPartner(p)) return renderNotFound();
    setTitle(p.name);
    const memberships = (p.memberships || []).filter((m) => m.status !== 'DECLINED');
    const stories = (p.successStories || []).filter(isPublicStory);
    const interests = (p.interests || []).filter((d) => d.status !== 'ARCHIVED');
    setMain(
      breadcrumbs([[t('navHome'), []], [t('partnersTitle'), ['partners']], [p.name]]),
      pageTitle(p.name, label('StakeholderType', p.stakeholderType)),
      h(
        'div',
        { class: 'detail-grid' },
        h('div', { class: 'detail-main' }, paragraphs(p.description, 'partner-description')),
        h(
          'aside',
          { class: 'detail-side panel', testid: 'partner-facts' },
          definitionList([
            [t('stakeholderType'), label('StakeholderType', p.stakeholderType)],
            [t('homeCity'), p.homeCity ? h('span', { class: 'chips' }, cityChips([p.homeCity])) : t('elsewhere')],
            [t('website'), p.website ? externalLink(p.website, displayUrl(p.website), 'partner-website') : null],
          ]),
        ),
      ),
      h(
        'div',
        { class: 'three-col' },
        section(t('capabilities'), 'partner-capabilities', chipList(p.capabilities, 'tag', 'capability-list')),
        section(t('dataOffered'), 'partner-data-offered', chipList(p.dataOffered, 'tag', 'data-offered-list')),
        section(t('dataNeeded'), 'partner-data-needed', chipList(p.dataNeeded, 'tag', 'data-needed-list')),
      ),
      section(
        t('interests'),
        'partner-interests',
        interests.length
          ? h('ul', { class: 'chip-list', testid: 'interest-list' }, interests.map((d) => h('li', null, routeLink(['domeinen', d.slug], d.name, { class: 'chip chip-link' }))))
          : h('p', { class: 'muted' }, t('noItems')),
      ),
      section(
        t('memberships'),
        'partner-memberships',
        memberships.length
          ? h(
              'ul',
              { class: 'rows', testid: 'membership-list' },
              memberships.map((m) =>
                h(
                  'li',
                  { class: 'row', testid: 'membership-item' },
                  h('span', { class: 'row-main' }, routeLink(['cases', m.pilotCase.slug], m.pilotCase.title)),
                  h('span', { class: 'chips' }, chip(label('MemberRole', m.role), 'role'), chip(label('MemberStatus', m.status), m.status === 'ACCEPTED' ? 'ok' : 'info')),
                ),
              ),
            )
          : h('p', { class: 'muted' }, t('noMemberships')),
      ),
      stories.length ? section(t('partnerStories'), 'partner-stories', cardList(stories, storyCard, 'story-list')) : null,
    );
  }

  function displayUrl(url) {
    const safe = safeUrl(url);
    if (!safe) return url;
    const u = new URL(safe);
    return (u.host + (u.pathname === '/' ? '' : u.pathname)).replace(/^www\./, '');
  }

  async function pageEvents(ctx, params) {
    const route = ['events'];
    const past = params.tijd === 'voorbij';
    const city = pickEnum(params, 'stad', 'City');
    // One "now" for the whole list, so every page of it is read with the same filter.
    const now = new Date().toISOString();
    const filter = past
      ? { status: ['PUBLISHED', 'COMPLETED'], startsBefore: now }
      : { status: ['PUBLISHED', 'CANCELLED'], startsFrom: now };
    if (city) filter.city = city;
    const direction = past ? 'DESC' : 'ASC';
    const clean = {};
    if (past) clean.tijd = 'voorbij';
    if (city) clean.stad = city;
    const cityOnly = city ? { stad: city } : {};

    const tabs = h(
      'nav',
      { class: 'tabs', 'aria-label': t('whenTabs'), testid: 'event-tabs' },
      // The city filter is kept when switching tabs.
      h('a', { class: 'tab', href: routeHref(route, cityOnly), 'aria-current': past ? null : 'page', testid: 'tab-upcoming' }, t('upcoming')),
      h('a', { class: 'tab', href: routeHref(route, { ...cityOnly, tijd: 'voorbij' }), 'aria-current': past ? 'page' : null, testid: 'tab-past' }, t('past')),
    );

    // The feed follows the city filter (it holds upcoming and past events alike).
    const feed = calendarLink(feedHref({ city }), t('icsFeed'), 'events-feed');

    setTitle(t('eventsTitle'));
    await listPage(ctx, {
      title: t('eventsTitle'),
      intro: t('eventsIntro'),
      extra: [tabs, feed],
      filters: filterBar(
        [selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route })],
        cityOnly,
        route,
      ),
      fetchPage: async (after) => (await gql(QUERIES.events, { filter, direction, first: PAGE_SIZE, after })).list,
      render: eventCard,
      testid: 'event-list',
      countKey: 'eventsCount',
      filtered: !!city,
    });
    // The "clear filters" link must keep the tab.
    const clear = main().querySelector('[data-testid="clear-filters"]');
    if (clear && past) clear.setAttribute('href', routeHref(route, { tijd: 'voorbij' }));
  }

  async function pageEvent(ctx, slug) {
    const data = await gql(QUERIES.event, { slug });
    if (!ctx.current()) return;
    const ev = data.event;
    if (!ev || !isPublicEvent(ev)) return renderNotFound();
    setTitle(ev.title);
    const tz = ev.timeZone || TIME_ZONE;

    const whereParts = [];
    if (ev.venue) whereParts.push(h('span', { class: 'block', testid: 'event-venue' }, ev.venue));
    if (ev.address) whereParts.push(h('span', { class: 'block', testid: 'event-address' }, ev.address));
    if (ev.onlineUrl) {
      whereParts.push(
        h('span', { class: 'block' }, safeUrl(ev.onlineUrl) ? externalLink(ev.onlineUrl, t('onlineLink'), 'event-online-url') : t('onlineNoLink')),
      );
    }

    const regLines = [];
    if (ev.status === 'PUBLISHED') {
      const now = Date.now();
      const opens = ev.registrationOpensAt ? parse(ev.registrationOpensAt) : null;
      if (opens && opens.getTime() > now) regLines.push(t('regOpens', { d: formatInstant(ev.registrationOpensAt) }));
      if (ev.registrationClosesAt) regLines.push(t('regCloses', { d: formatInstant(ev.registrationClosesAt) }));
      else regLines.push(t('regUntilStart'));
      regLines.push(t('regPartners'));
    }

    let capacity;
    if (ev.capacity === null || ev.capacity === undefined) capacity = t('noLimit');
    else capacity = ev.capacity === 1 ? t('seats1') : t('seats', { n: formatNumber(ev.capacity) });

    // Free seats only matter while one can still sign up: scheduled and not yet started.
    const start = parse(ev.startsAtLocal);
    let seats = null;
    if (ev.status === 'PUBLISHED' && (!start || start.getTime() > Date.now())) {
      let text;
      if (ev.seatsLeft === null || ev.seatsLeft === undefined) text = t('noLimit');
      else if (ev.seatsLeft > 0) text = count('seatsLeft', ev.seatsLeft);
      else text = ev.waitlistLength > 0 ? t('seatsFullWaitlist', { n: formatNumber(ev.waitlistLength) }) : t('seatsFull');
      seats = h('span', { class: 'seats' + (ev.seatsLeft === 0 ? ' seats-full' : ''), testid: 'event-seats' }, text);
    }

    const registration = await registrationBox(ev);
    if (!ctx.current()) return;
    setMain(
      breadcrumbs([[t('navHome'), []], [t('eventsTitle'), ['events']], [ev.title]]),
      pageTitle(ev.title, label('EventFormat', ev.format)),
      ev.status === 'CANCELLED' ? h('div', { class: 'notice notice-warn', role: 'note', testid: 'event-cancelled' }, h('p', null, t('cancelledNote'))) : null,
      h(
        'div',
        { class: 'detail-grid' },
        h(
          'div',
          { class: 'detail-main' },
          paragraphs(ev.description, 'event-description'),
          regLines.length ? section(t('registration'), 'event-registration', regLines.map((line) => h('p', null, line)), registration) : null,
        ),
        h(
          'aside',
          { class: 'detail-side panel', testid: 'event-facts' },
          definitionList([
            [t('when'), [h('span', { class: 'block', testid: 'event-when' }, timeEl(ev.startsAtLocal, eventWhen(ev, false))), h('span', { class: 'block muted small' }, t('timeZoneNote', { tz: tz.replace('_', ' ') }))]],
            [t('where'), whereParts.length ? whereParts : null],
            [t('capacity'), h('span', { testid: 'event-capacity' }, capacity)],
            [t('seatsNow'), seats],
            [t('format'), label('EventFormat', ev.format)],
            [t('cities'), h('span', { class: 'chips' }, cityChips(ev.cities))],
            [t('audience'), ev.audience && ev.audience.length ? ev.audience.map((a) => label('StakeholderType', a)).join(', ') : t('everyone')],
            [t('pilotCase'), ev.pilotCase ? routeLink(['cases', ev.pilotCase.slug], ev.pilotCase.title) : null],
            [t('valueDomain'), ev.valueDomain ? routeLink(['domeinen', ev.valueDomain.slug], ev.valueDomain.name) : null],
            [t('status'), ev.status !== 'PUBLISHED' ? label('EventStatus', ev.status) : null],
          ]),
          calendarLink(eventIcsHref(ev.slug), t('icsEvent'), 'event-ics'),
        ),
      ),
    );
  }

  async function pageStories(ctx, params) {
    const route = ['verhalen'];
    const city = pickEnum(params, 'stad', 'City');
    const filter = { status: ['PUBLISHED'] };
    if (city) filter.city = city;
    const clean = city ? { stad: city } : {};
    setTitle(t('storiesTitle'));
    await listPage(ctx, {
      title: t('storiesTitle'),
      intro: t('storiesIntro'),
      filters: filterBar(
        [selectFilter({ name: 'stad', labelText: t('city'), anyText: t('anyCity'), options: enumValues('City').map((v) => [v, label('City', v)]), value: city, testid: 'filter-city', params: clean, route })],
        clean,
        route,
      ),
      fetchPage: async (after) => (await gql(QUERIES.stories, { filter, first: PAGE_SIZE, after })).list,
      render: storyCard,
      testid: 'story-list',
      countKey: 'storiesCount',
      filtered: !!city,
    });
  }

  async function pageStory(ctx, slug) {
    const data = await gql(QUERIES.story, { slug });
    if (!ctx.current()) return;
    const s = data.successStory;
    if (!s || !isPublicStory(s)) return renderNotFound();
    setTitle(s.title);
    const partners = (s.partners || []).filter(isPublicPartner);
    setMain(
      breadcrumbs([[t('navHome'), []], [t('storiesTitle'), ['verhalen']], [s.title]]),
      pageTitle(s.title, t('storiesTitle')),
      s.summary ? h('p', { class: 'lead' }, s.summary) : null,
      h(
        'p',
        { class: 'card-meta' },
        s.publishedAt ? timeEl(s.publishedAt, t('publishedOn', { d: formatDay(s.publishedAt) })) : null,
        s.city ? [' ', cityChips([s.city])] : null,
      ),
      s.impactFigures && s.impactFigures.length
        ? section(
            t('impact'),
            'story-impact',
            h(
              'ul',
              { class: 'figures', testid: 'impact-list' },
              s.impactFigures.map((f) => h('li', { class: 'figure' }, h('span', { class: 'figure-value' }, f.value), h('span', { class: 'figure-label' }, f.label))),
            ),
          )
        : null,
      h(
        'div',
        { class: 'detail-grid' },
        h('div', { class: 'detail-main' }, paragraphs(s.body, 'story-body')),
        h(
          'aside',
          { class: 'detail-side panel', testid: 'story-facts' },
          definitionList([
            [t('pilotCase'), s.pilotCase ? routeLink(['cases', s.pilotCase.slug], s.pilotCase.title) : null],
            [t('valueDomain'), s.valueDomain ? routeLink(['domeinen', s.valueDomain.slug], s.valueDomain.name) : null],
          ]),
        ),
      ),
      section(t('partners'), 'story-partners', cardList(partners, partnerCard, 'partner-list', t('noPartners'))),
      section(t('reusedDatasets'), 'story-datasets', cardList(s.datasets, datasetCard, 'dataset-list', t('noDatasets'))),
    );
  }

  async function pageDatasets(ctx, params) {
    const route = ['datasets'];
    const theme = pickEnum(params, 'thema', 'Theme');
    const filter = theme ? { theme: [theme] } : null;
    const clean = theme ? { thema: theme } : {};
    setTitle(t('datasetsTitle'));
    await listPage(ctx, {
      title: t('datasetsTitle'),
      intro: t('datasetsIntro'),
      filters: filterBar(
        [selectFilter({ name: 'thema', labelText: t('theme'), anyText: t('anyTheme'), options: enumValues('Theme').map((v) => [v, label('Theme', v)]), value: theme, testid: 'filter-theme', params: clean, route })],
        clean,
        route,
      ),
      fetchPage: async (after) => (await gql(QUERIES.datasets, { filter, first: PAGE_SIZE, after })).list,
      render: datasetCard,
      testid: 'dataset-list',
      countKey: 'datasetsCount',
      filtered: !!theme,
    });
  }

  async function pageDataset(ctx, slug) {
    const data = await gql(QUERIES.dataset, { slug });
    if (!ctx.current()) return;
    const d = data.dataset;
    if (!d) return renderNotFound();
    setTitle(d.title);
    const stories = (d.successStories || []).filter(isPublicStory);
    setMain(
      breadcrumbs([[t('navHome'), []], [t('datasetsTitle'), ['datasets']], [d.title]]),
      pageTitle(d.title, t('datasetsTitle')),
      h(
        'div',
        { class: 'panel' },
        definitionList(
          [
            [t('publisher'), d.publisher],
            [t('licence'), d.licence],
            [t('theme'), label('Theme', d.theme)],
            [t('website'), externalLink(d.url, displayUrl(d.url), 'dataset-url')],
          ],
          'dataset-facts',
        ),
      ),
      section(
        t('usedInCases'),
        'dataset-cases',
        d.pilotCases && d.pilotCases.length
          ? h('ul', { class: 'rows', testid: 'case-list' }, d.pilotCases.map((c) => h('li', { class: 'row' }, h('span', { class: 'row-main' }, routeLink(['cases', c.slug], c.title)), h('span', { class: 'chips' }, phaseChip(c.phase), cityChips(c.cities)))))
          : h('p', { class: 'muted' }, t('notUsed')),
      ),
      section(
        t('usedInStories'),
        'dataset-stories',
        stories.length
          ? h('ul', { class: 'rows', testid: 'story-list' }, stories.map((s) => h('li', { class: 'row' }, h('span', { class: 'row-main' }, routeLink(['verhalen', s.slug], s.title)), s.publishedAt ? h('span', { class: 'muted small' }, timeEl(s.publishedAt, formatDay(s.publishedAt))) : null)))
          : h('p', { class: 'muted' }, t('notUsed')),
      ),
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // Search
  // ---------------------------------------------------------------------------------------------------------

  const SEARCH_PAGE_SIZE = 20;
  const MAX_QUERY_CHARS = 500; // the API refuses longer queries
  const SEARCH_ROUTE = ['zoeken'];
  // The route of each record type's own page.
  const RECORD_ROUTE = {
    ValueDomain: 'domeinen',
    PilotCase: 'cases',
    Partner: 'partners',
    CoCreationEvent: 'events',
    SuccessStory: 'verhalen',
    Dataset: 'datasets',
  };
  // The facet groups: URL parameter, facet field of the API, filter field, enum, label key.
  const FACET_GROUPS = [
    { param: 'soort', field: 'kind', filterKey: 'kinds', enumName: 'SearchKind', labelKey: 'facetKind', alias: 'kindFacets', testid: 'facet-kind' },
    { param: 'stad', field: 'cities', filterKey: 'cities', enumName: 'City', labelKey: 'facetCity', alias: 'cityFacets', testid: 'facet-city' },
    { param: 'type', field: 'stakeholder_types', filterKey: 'stakeholderTypes', enumName: 'StakeholderType', labelKey: 'facetType', alias: 'typeFacets', testid: 'facet-type' },
  ];

  /** A search text from the URL or the search box: trimmed and cut to what the API accepts. */
  function cleanQuery(value) {
    const trimmed = String(value ?? '').replace(/\s+/g, ' ').trim();
    return Array.from(trimmed).slice(0, MAX_QUERY_CHARS).join('').trim();
  }

  /** The SearchFilter for a selection ({ kinds: [...], ... }), or null when nothing is selected. */
  function searchFilter(selection, without) {
    const filter = {};
    for (const g of FACET_GROUPS) {
      if (g.filterKey !== without && selection[g.filterKey].length) filter[g.filterKey] = selection[g.filterKey];
    }
    return Object.keys(filter).length ? filter : null;
  }

  function searchInput() {
    return document.getElementById('search-input');
  }

  async function pageSearch(ctx, params) {
    const q = cleanQuery(params.q);
    const selection = {};
    const clean = {};
    if (q) clean.q = q;
    for (const g of FACET_GROUPS) {
      selection[g.filterKey] = pickEnumList(params, g.param, g.enumName);
      if (selection[g.filterKey].length) clean[g.param] = selection[g.filterKey].join(',');
    }
    const activeCount = FACET_GROUPS.reduce((n, g) => n + selection[g.filterKey].length, 0);
    const input = searchInput();
    if (input && document.activeElement !== input) input.value = q;

    const title = q ? t('searchResultsFor', { q }) : t('searchTitle');
    setTitle(q ? `${t('searchTitle')}: ${q}` : t('searchTitle'));
    const head = () => pageTitle(title, q ? t('searchTitle') : null);

    // Nothing asked yet: say where to type.
    if (!q && !activeCount) {
      setMain(head(), h('p', { class: 'lead' }, t('searchIntro')), h('p', { class: 'muted', testid: 'search-prompt' }, t('searchPrompt')));
      return;
    }

    const filter = searchFilter(selection);
    const variables = { query: q, filter, first: SEARCH_PAGE_SIZE, after: null };
    for (const g of FACET_GROUPS) {
      const key = g.alias.replace(/s$/, '');
      variables[key] = selection[g.filterKey].length > 0;
      variables[key + 'Filter'] = searchFilter(selection, g.filterKey);
    }

    let data;
    try {
      data = await gql(QUERIES.search, variables);
    } catch (err) {
      if (!ctx.current()) return;
      setMain(head(), searchErrorBox(err, () => rerender()));
      return;
    }
    if (!ctx.current()) return;
    const first = data.results;

    let shown = first.hits.length;
    let total = first.totalCount;
    let cursor = first.pageInfo.endCursor;

    const countEl = h('p', { class: 'total-count', testid: 'search-total', 'data-total': String(total), tabindex: '-1' });
    const setCount = () => {
      countEl.setAttribute('data-total', String(total));
      countEl.textContent = count('searchCount', total) + (total > shown ? ` · ${t('shown', { shown: formatNumber(shown), total: formatNumber(total) })}` : '');
    };
    setCount();

    const list = h('ol', { class: 'search-results', testid: 'search-results' }, first.hits.map(searchHit));
    const empty = h(
      'div',
      { class: 'empty', testid: 'search-empty' },
      h('p', null, q && !activeCount ? t('searchNone', { q }) : t('searchNoneFiltered')),
      h('p', { class: 'muted' }, t('searchNoneHint')),
    );
    const more = h('button', { type: 'button', class: 'btn btn-more', testid: 'load-more' }, t('loadMore'));
    const moreBox = h('div', { class: 'more' }, more);
    const errorSlot = h('div');
    moreBox.hidden = !first.pageInfo.hasNextPage;

    more.addEventListener('click', async () => {
      more.disabled = true;
      more.textContent = t('loadingMore');
      errorSlot.replaceChildren();
      try {
        const page = (await gql(QUERIES.searchMore, { query: q, filter, first: SEARCH_PAGE_SIZE, after: cursor })).results;
        if (!ctx.current()) return;
        const items = page.hits.map(searchHit).filter(Boolean);
        list.append(...items);
        shown += page.hits.length;
        total = page.totalCount;
        cursor = page.pageInfo.endCursor;
        setCount();
        more.textContent = t('loadMore');
        more.disabled = false;
        moreBox.hidden = !page.pageInfo.hasNextPage;
        announce(t('moreLoaded', { count: page.hits.length, shown, total }));
        const firstLink = items.length ? items[0].querySelector('a') : null;
        if (firstLink) firstLink.focus();
        else if (moreBox.hidden) countEl.focus();
      } catch (err) {
        if (!ctx.current()) return;
        more.textContent = t('loadMore');
        more.disabled = false;
        errorSlot.replaceChildren(searchErrorBox(err, null));
      }
    });

    const facets = searchFacets(data, selection, clean, activeCount);
    setMain(
      head(),
      h(
        'div',
        { class: 'search-layout' + (facets ? '' : ' search-layout-single') },
        facets,
        h('div', { class: 'search-main' }, countEl, first.hits.length ? list : empty, moreBox, errorSlot),
      ),
    );
  }

  /** The friendly "search is down" notice for UNAVAILABLE; every other error as on the other pages. */
  function searchErrorBox(err, onRetry) {
    if (!(err instanceof ApiError) || err.code !== 'UNAVAILABLE') return errorBox(err, onRetry);
    return h(
      'div',
      { class: 'notice notice-warn', role: 'alert', testid: 'search-unavailable', 'data-code': err.code },
      h('p', { class: 'notice-title' }, t('searchUnavailableTitle')),
      h('p', null, t('searchUnavailable')),
      onRetry ? h('button', { type: 'button', class: 'btn', onclick: onRetry }, t('retry')) : null,
    );
  }

  /** One hit: kind label, link to the record's page (title highlighted), facts and snippets. */
  function searchHit(hit) {
    const rec = hit.record;
    // Null for a moment when a record has just left public view: nothing to link to.
    if (!rec || !rec.slug) return null;
    const name = rec.title ?? rec.name ?? rec.slug;
    const highlights = hit.highlights || [];
    const titleHl = highlights.find((x) => x.field === 'title');
    // The highlighted title is used only when it is the whole title (a cropped one would hide part of it).
    const linkText = titleHl && snippetText(titleHl.snippet).trim() === String(name).trim() ? highlightNodes(titleHl.snippet) : name;
    const route = RECORD_ROUTE[rec.__typename];
    const link = route ? h('a', { href: routeHref([route, rec.slug]) }, linkText) : h('span', null, linkText);
    const snippets = highlights
      .filter((x) => x.field !== 'title')
      .slice(0, 2)
      .map((x) =>
        h(
          'p',
          { class: 'snippet snippet-' + String(x.field).replace(/[^a-z_]/gi, ''), testid: 'search-snippet' },
          x.field === 'tags' ? h('span', { class: 'snippet-label' }, t('matchTags') + ': ') : null,
          highlightNodes(x.snippet),
        ),
      );
    return h(
      'li',
      { class: 'search-hit', testid: 'search-hit', 'data-kind': hit.kind },
      h('p', { class: 'chips search-hit-chips' }, chip(label('SearchKind', hit.kind), 'kind', 'search-hit-kind'), hitChips(rec)),
      h('h2', { class: 'search-hit-title' }, link),
      hitMeta(rec),
      snippets,
    );
  }

  function hitChips(rec) {
    switch (rec.__typename) {
      case 'ValueDomain':
        return statusChip(rec.domainStatus);
      case 'PilotCase':
        return [phaseChip(rec.phase), cityChips(rec.cities)];
      case 'Partner':
        return [chip(label('StakeholderType', rec.stakeholderType), 'type'), rec.homeCity ? cityChips([rec.homeCity]) : null];
      case 'CoCreationEvent':
        return [
          rec.eventStatus === 'CANCELLED' ? chip(label('EventStatus', 'CANCELLED'), 'warn') : null,
          rec.eventStatus === 'COMPLETED' ? chip(label('EventStatus', 'COMPLETED'), 'muted') : null,
          chip(label('EventFormat', rec.format), 'format'),
          cityChips(rec.cities),
        ];
      case 'SuccessStory':
        return rec.city ? cityChips([rec.city]) : null;
      case 'Dataset':
        return chip(label('Theme', rec.theme), 'theme');
      default:
        return null;
    }
  }

  function hitMeta(rec) {
    if (rec.__typename === 'CoCreationEvent' && rec.startsAtLocal) return h('p', { class: 'card-meta' }, timeEl(rec.startsAtLocal, eventWhen(rec, true)));
    if (rec.__typename === 'SuccessStory' && rec.publishedAt) return h('p', { class: 'card-meta' }, timeEl(rec.publishedAt, t('publishedOn', { d: formatDay(rec.publishedAt) })));
    if (rec.__typename === 'Dataset' && rec.publisher) return h('p', { class: 'card-meta' }, `${t('publisher')}: ${rec.publisher}`);
    return null;
  }

  /** The facet filters: one group of checkboxes per field, with the counts the API gives. */
  function searchFacets(data, selection, clean, activeCount) {
    const groups = [];
    for (const g of FACET_GROUPS) {
      const selected = selection[g.filterKey];
      // A group with a selection takes its counts from the search without its own condition.
      const source = selected.length && data[g.alias] ? data[g.alias] : data.results;
      const facet = (source.facets || []).find((f) => f.field === g.field);
      const known = enumValues(g.enumName);
      const values = (facet ? facet.values : []).filter((v) => known.includes(v.value) && (v.count > 0 || selected.includes(v.value)));
      for (const v of selected) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0 });
      if (!values.length) continue;
      const legendId = 'facet-legend-' + g.param;
      groups.push(
        h(
          'fieldset',
          { class: 'facet-group', testid: g.testid },
          h('legend', { id: legendId }, t(g.labelKey)),
          h(
            'ul',
            { class: 'facet-options' },
            values.map((v) => {
              const id = `facet-${g.param}-${v.value}`;
              const checked = selected.includes(v.value);
              const box = h('input', { type: 'checkbox', id, name: g.param, value: v.value, checked, 'data-value': v.value });
              box.addEventListener('change', () => {
                const next = { ...clean };
                const list = box.checked ? [...selected, v.value] : selected.filter((x) => x !== v.value);
                // Keep the enum's order, so the same selection always gives the same URL.
                const ordered = known.filter((x) => list.includes(x));
                if (ordered.length) next[g.param] = ordered.join(',');
                else delete next[g.param];
                navigate(routeHref(SEARCH_ROUTE, next), id);
              });
              return h(
                'li',
                { class: 'facet-option' },
                h(
                  'label',
                  { for: id },
                  box,
                  h('span', { class: 'facet-label' }, label(g.enumName, v.value)),
                  h('span', { class: 'facet-count', 'aria-hidden': 'true' }, formatNumber(v.count)),
                  h('span', { class: 'sr-only' }, ` (${count('facetCountSr', v.count)})`),
                ),
              );
            }),
          ),
        ),
      );
    }
    if (!groups.length) return null;
    const form = h(
      'form',
      { class: 'search-facets', role: 'group', 'aria-label': t('refine'), testid: 'search-facets', onsubmit: (e) => e.preventDefault() },
      groups,
      activeCount ? h('p', { class: 'facet-clear' }, h('a', { class: 'link-quiet', testid: 'clear-filters', href: routeHref(SEARCH_ROUTE, clean.q ? { q: clean.q } : null) }, t('clearFilters'))) : null,
    );
    // Open on wide screens; on small ones only when filters are in use (the results come first).
    const wide = !window.matchMedia || window.matchMedia('(min-width: 46.01rem)').matches;
    return h(
      'details',
      { class: 'search-side', open: wide || activeCount > 0 },
      h('summary', { class: 'search-side-summary' }, activeCount ? t('refineActive', { n: activeCount }) : t('refine')),
      form,
    );
  }

  // ---------------------------------------------------------------------------------------------------------
  // Signing in: a partner's members see and manage their organisation's registrations
  // ---------------------------------------------------------------------------------------------------------

  // The token is kept for this tab only (sessionStorage), and only the account's own requests carry it.
  const SESSION_KEY = 'lode.session';

  const ACCOUNT_QUERIES = Object.freeze({
    login: `mutation SignIn($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { token }
}`,
    logout: 'mutation SignOut { logout { ended } }',
    me: `query Me {
  me {
    email role cities
    partner {
      slug name status
      memberships { id role status pilotCase { slug title } }
      registrations {
        id status code waitlistPosition eventCancelled
        event { id slug title status startsAtLocal endsAtLocal timeZone }
      }
    }
  }
}`,
    register: `mutation Register($eventId: ID!, $key: String!) {
  registerForEvent(input: { eventId: $eventId, idempotencyKey: $key }) { registration { id status code waitlistPosition } }
}`,
    cancel: `mutation Cancel($id: ID!) {
  cancelRegistration(input: { id: $id }) { registration { id status } }
}`,
    signUp: `mutation Join($input: SignUpInput!) {
  signUp(input: $input) { message }
}`,
    checkIn: `mutation CheckIn($code: String!) {
  checkIn(input: { code: $code }) { registration { status partner { name } event { title } } }
}`,
    pending: `query Pending {
  partners(filter: { status: [PENDING] }, orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name stakeholderType homeCity } }
}`,
    matching: `query Matching($id: ID!) {
  suggestTeam(pilotCaseId: $id, size: 6) {
    coverage uncoveredCapabilities uncoveredStakeholderTypes
    members { ...Match }
  }
  matchPartners(pilotCaseId: $id, first: 10) { ...Match }
  node(id: $id) { ... on PilotCase { members { status partner { id } } } }
}
fragment Match on PartnerMatch {
  score
  partner { id slug name status stakeholderType }
  breakdown { capabilitiesCovered dataOffered dataNeeded interested stakeholderFit local engagement }
}`,
    invite: `mutation Invite($pilotCaseId: ID!, $partnerId: ID!, $role: MemberRole!) {
  invitePartnerToCase(input: { pilotCaseId: $pilotCaseId, partnerId: $partnerId, role: $role }) { member { id status } }
}`,
    answer: `mutation Answer($id: ID!, $status: MemberStatus!) {
  updatePilotCaseMember(input: { id: $id, status: $status }) { member { id status } }
}`,
    approve: `mutation Approve($id: ID!) {
  setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id status } }
}`,
  });

  // The version of the terms a new partner agrees to (the text is `joinTerms`).
  const TERMS_VERSION = '2026-11';

  // Where the browser keeps no sessionStorage (blocked storage), the token lives as long as the page.
  let pageToken = null;

  function sessionToken() {
    try {
      return sessionStorage.getItem(SESSION_KEY) ?? pageToken;
    } catch (_) {
      return pageToken;
    }
  }

  function startSession(token) {
    pageToken = token;
    try {
      sessionStorage.setItem(SESSION_KEY, token);
    } catch (_) {
      /* kept for this page only */
    }
    accountNav();
  }

  function endSession() {
    pageToken = null;
    try {
      sessionStorage.removeItem(SESSION_KEY);
    } catch (_) {
      /* nothing kept */
    }
    accountNav();
  }

  /** Sends someone who must sign in to the sign-in page, and back here afterwards. */
  function toSignIn(back, ended) {
    const params = { terug: back };
    if (ended) params.sessie = 'verlopen';
    location.replace(routeHref(['aanmelden'], params));
  }

  /**
   * The signed-in account for a page that needs one (`back` is its own address). Without one, it sends the
   * visitor to sign in and back, and returns null.
   */
  async function accountFor(ctx, back) {
    const { me, ended } = await accountOrEnded();
    if (!me && ctx.current()) toSignIn(back, ended);
    return me;
  }

  /** The signed-in account, or null; `ended` is set when the session ran out on the server. */
  async function accountOrEnded() {
    try {
      return { me: await currentAccount(), ended: false };
    } catch (err) {
      if (err instanceof ApiError && err.code === 'SESSION_ENDED') return { me: null, ended: true };
      throw err;
    }
  }

  /** The header's account link: "Aanmelden", or "Mijn LODE" once signed in. */
  function accountNav() {
    const link = document.querySelector('.account-link');
    if (!link) return;
    const signedIn = !!sessionToken();
    link.textContent = signedIn ? t('mine') : t('signIn');
    link.setAttribute('href', signedIn ? '#/mijn' : '#/aanmelden');
  }

  /** The signed-in account with its partner's registrations, or null when nobody is signed in. */
  async function currentAccount() {
    if (!sessionToken()) return null;
    return (await gql(ACCOUNT_QUERIES.me, {}, { signedIn: true })).me;
  }

  /**
   * A labelled input of a form (`formName` makes the id and test id); `field` is the API's name for it, so
   * a validation error can point at it.
   */
  function inputField(formName, name, labelText, { type = 'text', field = name, required = true, ...attrs } = {}) {
    const id = `${formName}-${name}`;
    const tag = type === 'textarea' ? 'textarea' : 'input';
    const input = h(tag, { id, name, type: tag === 'input' ? type : null, required, 'data-field': field, testid: id, ...attrs });
    return h('div', { class: 'field' }, h('label', { for: id }, labelText), input);
  }

  /** Puts `next` where `old` was (an action's button, say) and moves the focus to it. */
  function replaceFocused(old, next) {
    next.setAttribute('tabindex', '-1');
    old.replaceWith(next);
    next.focus();
  }

  /** A labelled choice of enum values; `anyText` adds an empty first choice. */
  function enumField(formName, name, labelText, enumName, anyText) {
    const id = `${formName}-${name}`;
    const select = h(
      'select',
      { id, name, required: !anyText, 'data-field': name, testid: id },
      anyText ? h('option', { value: '' }, anyText) : null,
      enumValues(enumName).map((v) => h('option', { value: v }, label(enumName, v))),
    );
    return h('div', { class: 'field' }, h('label', { for: id }, labelText), select);
  }

  /**
   * Shows a failed request under a form. A validation error names its field: that input is marked and
   * focused, and the message says which one to check.
   */
  function formError(form, slot, err) {
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const input = err instanceof ApiError && err.code === 'VALIDATION' && err.field ? form.querySelector(`[data-field="${CSS.escape(err.field)}"]`) : null;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const labelText = form.querySelector(`label[for="${input.id}"]`)?.textContent || err.field;
      slot.replaceChildren(h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code, 'data-field': err.field }, t('checkField', { field: labelText })));
      input.focus();
    } else {
      slot.replaceChildren(errorBox(err, null, false));
    }
  }

  /** Whether the signed-in account is on the team (an admin or a city's coordinator). */
  const onTeam = (me) => me && (me.role === 'ADMIN' || me.role === 'COORDINATOR');

  async function pageSignIn(ctx, params) {
    setTitle(t('signInTitle'));
    const error = h('div', { role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn', testid: 'signin-submit' }, t('signInButton'));
    const form = h(
      'form',
      { class: 'panel form-stack', testid: 'signin-form' },
      inputField('signin', 'email', t('email'), { type: 'email', autocomplete: 'username', maxlength: 254 }),
      inputField('signin', 'password', t('password'), { type: 'password', autocomplete: 'current-password', maxlength: 256 }),
      error,
      h('p', null, submit),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const email = form.elements.email.value.trim();
      const password = form.elements.password.value;
      if (!email || !password) return;
      submit.disabled = true;
      submit.textContent = t('signingIn');
      error.replaceChildren();
      try {
        const { login } = await gql(ACCOUNT_QUERIES.login, { email, password });
        startSession(login.token);
        if (!ctx.current()) return;
        // Back to where the sign-in was asked for (an event's page), or to the account's own page.
        const back = typeof params.terug === 'string' && params.terug.startsWith('#/') ? params.terug : '#/mijn';
        location.hash = back;
      } catch (err) {
        if (!ctx.current()) return;
        const wrong = err instanceof ApiError && err.code === 'UNAUTHENTICATED';
        error.replaceChildren(
          wrong
            ? h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code }, t('signInWrong'))
            : errorBox(err, null, false),
        );
        submit.disabled = false;
        submit.textContent = t('signInButton');
        form.elements.password.select();
      }
    });
    setMain(
      pageTitle(t('signInTitle')),
      params.sessie === 'verlopen' ? h('p', { class: 'notice', role: 'status', testid: 'session-ended' }, t('err_SESSION_ENDED')) : null,
      h('p', { class: 'lead' }, t('signInIntro')),
      form,
      h('p', null, t('noAccount'), ' ', routeLink(['word-partner'], t('joinLink'), { testid: 'join-link' })),
    );
  }

  /** Becoming a partner: an account and a partner profile that the team approves. */
  async function pageJoin(ctx) {
    setTitle(t('joinTitle'));
    const error = h('div', { role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'btn', testid: 'join-submit' }, t('joinButton'));
    const form = h(
      'form',
      { class: 'panel form-stack', testid: 'join-form' },
      h(
        'fieldset',
        { class: 'form-stack' },
        h('legend', null, t('joinOrganisation')),
        inputField('join', 'partnerName', t('partnerName'), { field: 'name', maxlength: 200, autocomplete: 'organization' }),
        enumField('join', 'stakeholderType', t('stakeholderType'), 'StakeholderType'),
        enumField('join', 'homeCity', t('homeCity'), 'City', t('elsewhere')),
        inputField('join', 'description', t('joinDescription'), { type: 'textarea', required: false, rows: 4, maxlength: 5000 }),
      ),
      h(
        'fieldset',
        { class: 'form-stack' },
        h('legend', null, t('joinContact')),
        h('p', { class: 'muted small' }, t('joinContactPrivate')),
        inputField('join', 'contactName', t('contactName'), { field: 'contact.name', maxlength: 200, autocomplete: 'name' }),
        inputField('join', 'contactEmail', t('email'), { type: 'email', field: 'contact.email', maxlength: 254, autocomplete: 'email' }),
        inputField('join', 'contactPhone', t('phone'), { type: 'tel', field: 'contact.phone', required: false, maxlength: 40, autocomplete: 'tel' }),
      ),
      h(
        'fieldset',
        { class: 'form-stack' },
        h('legend', null, t('joinAccount')),
        inputField('join', 'email', t('email'), { type: 'email', maxlength: 254, autocomplete: 'username' }),
        inputField('join', 'password', t('passwordNew'), { type: 'password', minlength: 12, maxlength: 256, autocomplete: 'new-password' }),
      ),
      h(
        'p',
        { class: 'consent' },
        h('input', { type: 'checkbox', id: 'join-terms', name: 'terms', required: true, testid: 'join-terms' }),
        ' ',
        h('label', { for: 'join-terms' }, t('joinTerms', { v: TERMS_VERSION })),
      ),
      error,
      h('p', null, submit),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = (name) => form.elements[name].value.trim();
      const input = {
        email: v('email'),
        password: form.elements.password.value,
        partnerName: v('partnerName'),
        stakeholderType: v('stakeholderType'),
        description: v('description'),
        homeCity: v('homeCity') || null,
        contact: { name: v('contactName'), email: v('contactEmail'), phone: v('contactPhone') || null },
        termsVersion: TERMS_VERSION,
      };
      submit.disabled = true;
      error.replaceChildren();
      try {
        await gql(ACCOUNT_QUERIES.signUp, { input });
        if (!ctx.current()) return;
        setMain(
          pageTitle(t('joinTitle')),
          h('div', { class: 'notice', role: 'status', testid: 'join-done' }, h('p', null, t('joinDone'))),
          h('p', null, routeLink(['aanmelden'], t('signIn'), { class: 'btn' })),
        );
        main().querySelector('h1').focus();
      } catch (err) {
        if (!ctx.current()) return;
        formError(form, error, err);
        submit.disabled = false;
      }
    });
    setMain(pageTitle(t('joinTitle')), h('p', { class: 'lead' }, t('joinIntro')), form);
  }

  /**
   * For the team, on a pilot case's page: the suggested team and the best-fitting partners, each with what
   * makes it fit. Null for everyone else.
   */
  async function caseMatching(c) {
    let me;
    try {
      ({ me } = await accountOrEnded());
    } catch (_) {
      return null;
    }
    if (!onTeam(me)) return null;
    let data;
    try {
      data = await gql(ACCOUNT_QUERIES.matching, { id: c.id }, { signedIn: true });
    } catch (err) {
      return section(t('matchingTitle'), 'case-matching', errorBox(err, () => rerender(), false));
    }
    const team = data.suggestTeam;
    // Where each partner stands with this case already: invited, taking part or declined.
    const standing = new Map((data.node?.members || []).map((m) => [m.partner.id, m.status]));
    // Inviting is for admins and the coordinators of the case's cities, while the case is still open.
    const manages = me.role === 'ADMIN' || !c.cities.length || c.cities.some((city) => me.cities.includes(city));
    const open = !['COMPLETED', 'STOPPED'].includes(c.phase);
    const invite = manages && open ? { caseId: c.id, standing } : null;
    const uncovered = [
      ...team.uncoveredCapabilities,
      ...team.uncoveredStakeholderTypes.map((s) => label('StakeholderType', s)),
    ];
    return section(
      t('matchingTitle'),
      'case-matching',
      h('p', { class: 'muted' }, t('matchingIntro')),
      h('h3', null, t('suggestedTeam')),
      h('p', { testid: 'team-coverage' }, t('teamCoverage', { p: percent(team.coverage) })),
      uncovered.length ? h('p', { class: 'muted', testid: 'team-uncovered' }, t('teamUncovered', { list: uncovered.join(', ') })) : null,
      matchList(team.members, 'team-list', invite),
      h('h3', null, t('bestMatches')),
      matchList(data.matchPartners, 'match-list', invite),
    );
  }

  const percent = (share) => `${Math.round(share * 100)}%`;

  /**
   * Partners with their score and, in the page's language, why they fit; with `invite`, each partner not
   * yet asked can be invited to the case in a role.
   */
  function matchList(matches, testid, invite) {
    if (!matches.length) return h('p', { class: 'muted empty', testid: testid + '-empty' }, t('noMatches'));
    return h(
      'ol',
      { class: 'rows', testid },
      matches.map(({ partner, score, breakdown: b }) =>
        h(
          'li',
          { class: 'row', testid: 'match-item', 'data-score': String(score), 'data-partner': partner.id },
          h(
            'span',
            { class: 'row-main' },
            partner.status === 'APPROVED' ? routeLink(['partners', partner.slug], partner.name) : partner.name,
            h('span', { class: 'muted small' }, ' · ' + label('StakeholderType', partner.stakeholderType)),
            h('span', { class: 'block small' }, matchReasons(b).join(' · ')),
          ),
          h('span', { class: 'chips' }, chip(percent(score), 'ok'), invite ? inviteControl(invite, partner) : null),
        ),
      ),
    );
  }

  /** The partner's standing with the case, or a role to choose and a button to invite it. */
  function inviteControl({ caseId, standing }, partner) {
    const status = standing.get(partner.id);
    // A partner that declined may be asked again; one invited or taking part may not.
    if (status && status !== 'DECLINED') return chip(label('MemberStatus', status), 'info');
    const role = h(
      'select',
      { 'aria-label': t('inviteRole', { name: partner.name }), testid: 'invite-role' },
      enumValues('MemberRole').map((v) => h('option', { value: v }, label('MemberRole', v))),
    );
    const button = h('button', { type: 'button', class: 'btn btn-small', testid: 'invite' }, t('invite'));
    const control = h('span', { class: 'invite' }, role, ' ', button);
    button.addEventListener('click', async () => {
      button.disabled = true;
      role.disabled = true;
      let shown;
      try {
        const { invitePartnerToCase } = await gql(ACCOUNT_QUERIES.invite, { pilotCaseId: caseId, partnerId: partner.id, role: role.value }, { signedIn: true });
        const status = invitePartnerToCase.member.status;
        standing.set(partner.id, status);
        shown = chip(label('MemberStatus', status), 'info');
        // The partner may be in both lists: its other control goes too.
        for (const other of document.querySelectorAll(`[data-partner="${CSS.escape(partner.id)}"] .invite`)) {
          if (other !== control) other.replaceWith(chip(label('MemberStatus', status), 'info'));
        }
      } catch (err) {
        shown = errorBox(err, null, false);
      }
      replaceFocused(control, shown);
    });
    return control;
  }

  /** A partner's open invitations to pilot cases, each to accept or decline. */
  function myInvitations(memberships) {
    const open = memberships.filter((m) => m.status === 'INVITED');
    if (!open.length) return h('p', { class: 'muted empty', testid: 'invitation-list-empty' }, t('noInvitations'));
    return h(
      'ul',
      { class: 'rows', testid: 'invitation-list' },
      open.map((m) => {
        const answer = (status) => async () => {
          for (const b of buttons.querySelectorAll('button')) b.disabled = true;
          try {
            await gql(ACCOUNT_QUERIES.answer, { id: m.id, status }, { signedIn: true });
            rerender();
          } catch (err) {
            replaceFocused(buttons, errorBox(err, () => rerender(), false));
          }
        };
        const buttons = h(
          'span',
          { class: 'chips' },
          h('button', { type: 'button', class: 'btn btn-small', testid: 'accept-invitation', onclick: answer('ACCEPTED') }, t('accept')),
          h('button', { type: 'button', class: 'btn btn-small btn-secondary', testid: 'decline-invitation', onclick: answer('DECLINED') }, t('decline')),
        );
        return h(
          'li',
          { class: 'row', testid: 'invitation-item' },
          h('span', { class: 'row-main' }, routeLink(['cases', m.pilotCase.slug], m.pilotCase.title), h('span', { class: 'muted small' }, ' · ' + t('asRole', { role: label('MemberRole', m.role) }))),
          buttons,
        );
      }),
    );
  }

  function matchReasons(b) {
    const reasons = [];
    if (b.capabilitiesCovered.length) reasons.push(t('reasonCovers', { list: b.capabilitiesCovered.join(', ') }));
    if (b.dataOffered > 0) reasons.push(t('reasonData', { p: percent(b.dataOffered) }));
    if (b.dataNeeded > 0) reasons.push(t('reasonNeeds'));
    if (b.interested) reasons.push(t('reasonInterest'));
    if (b.stakeholderFit >= 1) reasons.push(t('reasonType'));
    if (b.local) reasons.push(t('reasonLocal'));
    if (b.engagement > 0) reasons.push(t('reasonEngaged'));
    return reasons;
  }

  /** At the door: the team checks partners in by the code on their registration. */
  async function pageDoor(ctx) {
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
      const input = form.elements.code;
      const code = input.value.trim();
      // A second Enter (or a scanner's) while the first code is on its way would only be told "used".
      if (!code || busy) return;
      busy = true;
      // Ready for the next person in the queue at once.
      input.value = '';
      result.replaceChildren();
      try {
        const { checkIn } = await gql(ACCOUNT_QUERIES.checkIn, { code }, { signedIn: true });
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
    form.elements.code.focus();
  }

  /** For admins: the partners waiting for approval, each with a button to approve it. */
  async function pendingPartners() {
    let partners;
    try {
      ({ partners } = await gql(ACCOUNT_QUERIES.pending, {}, { signedIn: true }));
    } catch (err) {
      return errorBox(err, () => rerender(), false);
    }
    if (!partners.nodes.length) return h('p', { class: 'muted empty', testid: 'pending-list-empty' }, t('noPending'));
    return h(
      'ul',
      { class: 'cards', testid: 'pending-list' },
      partners.nodes.map((p) => {
        const approve = h('button', { type: 'button', class: 'btn', testid: 'approve-partner' }, t('approve'));
        const item = h(
          'li',
          { class: 'card', testid: 'pending-item' },
          h(
            'div',
            { class: 'card-body' },
            h('h3', { class: 'card-title' }, p.name),
            h('p', { class: 'chips' }, chip(label('StakeholderType', p.stakeholderType), 'format'), p.homeCity ? cityChips([p.homeCity]) : null),
            h('p', null, approve),
          ),
        );
        approve.addEventListener('click', async () => {
          approve.disabled = true;
          try {
            await gql(ACCOUNT_QUERIES.approve, { id: p.id }, { signedIn: true });
            replaceFocused(approve, h('span', { class: 'notice', 'data-status': 'APPROVED' }, t('approved')));
          } catch (err) {
            replaceFocused(approve, errorBox(err, () => rerender(), false));
          }
        });
        return item;
      }),
    );
  }

  async function pageMine(ctx) {
    setTitle(t('mineTitle'));
    const me = await accountFor(ctx, '#/mijn');
    if (!me || !ctx.current()) return;
    const signOut = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'sign-out' }, t('signOut'));
    signOut.addEventListener('click', async () => {
      signOut.disabled = true;
      try {
        await gql(ACCOUNT_QUERIES.logout, {}, { signedIn: true });
      } catch (_) {
        /* the session is forgotten here either way */
      }
      endSession();
      location.hash = '#/';
    });
    const partner = me.partner;
    const pending = me.role === 'ADMIN' ? await pendingPartners() : null;
    if (!ctx.current()) return;
    setMain(
      pageTitle(t('mineTitle'), t('signedInAs', { email: me.email })),
      definitionList([
        [t('role'), h('span', { testid: 'account-role' }, label('Role', me.role))],
        [t('cities'), me.cities.length ? me.cities.map((c) => label('City', c)).join(', ') : null],
        [
          t('organisation'),
          partner
            ? partner.status === 'APPROVED'
              ? routeLink(['partners', partner.slug], partner.name)
              : [partner.name, ' ', chip(label('PartnerStatus', partner.status), 'muted')]
            : null,
        ],
      ]),
      partner ? section(t('myInvitations'), 'my-invitations', myInvitations(partner.memberships)) : null,
      partner ? section(t('myRegistrations'), 'my-registrations', myRegistrations(partner.registrations)) : null,
      onTeam(me) ? h('p', null, routeLink(['deur'], t('doorTitle'), { testid: 'door-link' })) : null,
      pending ? section(t('pendingTitle'), 'pending-partners', pending) : null,
      onTeam(me) ? h('p', { class: 'muted' }, t('teamNote')) : null,
      h('p', null, signOut),
    );
  }

  /**
   * The organisation's registrations, each with its code or waitlist place: coming events first (the soonest
   * on top), then past ones (the latest on top).
   */
  function myRegistrations(registrations) {
    const startOf = (r) => parse(r.event.startsAtLocal)?.getTime() ?? 0;
    const now = Date.now();
    const live = registrations.filter((r) => r.status !== 'CANCELLED');
    const shown = [
      ...live.filter((r) => startOf(r) > now).sort((a, b) => startOf(a) - startOf(b)),
      ...live.filter((r) => startOf(r) <= now).sort((a, b) => startOf(b) - startOf(a)),
    ];
    if (!shown.length) return h('p', { class: 'muted empty', testid: 'registration-list-empty' }, t('noRegistrations'));
    return h(
      'ul',
      { class: 'cards', testid: 'registration-list' },
      shown.map((r) => {
        const upcoming = startOf(r) > now;
        // Cancelling gives the seat away to the waitlist at once, so it asks once more.
        const cancel = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'cancel-registration' }, t('cancelRegistration'));
        const confirm = h('button', { type: 'button', class: 'btn', testid: 'confirm-cancel' }, t('cancelConfirm'));
        const keep = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'keep-registration' }, t('cancelKeep'));
        const question = h('div', { class: 'confirm', role: 'group' }, h('p', null, t('cancelQuestion')), h('p', { class: 'buttons' }, confirm, ' ', keep));
        cancel.addEventListener('click', () => {
          cancel.replaceWith(question);
          keep.focus();
        });
        keep.addEventListener('click', () => {
          question.replaceWith(cancel);
          cancel.focus();
        });
        confirm.addEventListener('click', async () => {
          confirm.disabled = true;
          keep.disabled = true;
          try {
            await gql(ACCOUNT_QUERIES.cancel, { id: r.id }, { signedIn: true });
            rerender();
          } catch (err) {
            replaceFocused(question, errorBox(err, () => rerender(), false));
          }
        });
        return h(
          'li',
          { class: 'card', testid: 'registration-item', 'data-status': r.status },
          h(
            'div',
            { class: 'card-body' },
            h('h3', { class: 'card-title' }, routeLink(['events', r.event.slug], r.event.title)),
            h('p', { class: 'card-meta' }, timeEl(r.event.startsAtLocal, eventWhen(r.event, true))),
            h('p', { class: 'chips' }, chip(label('RegistrationStatus', r.status), r.status === 'WAITLISTED' ? 'muted' : 'format'), r.eventCancelled ? chip(label('EventStatus', 'CANCELLED'), 'warn') : null),
            r.status === 'CONFIRMED' && r.code ? h('p', { class: 'registration-code', testid: 'registration-code' }, t('registrationCode', { code: r.code })) : null,
            r.status === 'WAITLISTED' && r.waitlistPosition ? h('p', { testid: 'waitlist-place' }, t('waitlistPlace', { n: r.waitlistPosition })) : null,
            upcoming && !r.eventCancelled && (r.status === 'CONFIRMED' || r.status === 'WAITLISTED') ? h('p', null, cancel) : null,
          ),
        );
      }),
    );
  }

  /**
   * On an event's page: the signed-in partner's registration (whatever the sign-up window), a button to
   * register while sign-ups are open, or a sign-in link for everyone else. Null when there is nothing to say.
   */
  async function registrationBox(ev) {
    const now = Date.now();
    const opens = ev.registrationOpensAt ? parse(ev.registrationOpensAt) : null;
    const closes = ev.registrationClosesAt ? parse(ev.registrationClosesAt) : parse(ev.startsAt);
    const open = ev.status === 'PUBLISHED' && (!opens || opens.getTime() <= now) && (!closes || closes.getTime() > now);
    let me = null;
    try {
      me = await currentAccount();
    } catch (err) {
      // The public page stands on its own: a failed account request only costs this box.
      return err instanceof ApiError && err.code === 'SESSION_ENDED' ? signInLink(ev, true) : errorBox(err, () => rerender(), false);
    }
    const mine = me?.partner?.registrations.find((r) => r.event.id === ev.id && r.status !== 'CANCELLED');
    if (mine) return registrationOutcome(mine);
    if (!open) return null;
    if (!me) return signInLink(ev, false);
    if (!me.partner) return null;
    if (me.partner.status === 'PENDING') return h('p', { class: 'muted', testid: 'register-pending' }, t('registerPending'));
    if (me.partner.status !== 'APPROVED') return h('p', { class: 'muted', testid: 'register-pending' }, t('registerArchived'));
    const button = h('button', { type: 'button', class: 'btn', testid: 'register' }, t('register'));
    const line = h('p', null, button);
    button.addEventListener('click', async () => {
      button.disabled = true;
      let shown;
      try {
        // One key per click: a retried request gives the first answer instead of a second sign-up.
        // (getRandomValues, unlike randomUUID, also works on a page served over plain http.)
        const key = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
        const { registerForEvent } = await gql(ACCOUNT_QUERIES.register, { eventId: ev.id, key }, { signedIn: true });
        shown = registrationOutcome(registerForEvent.registration);
      } catch (err) {
        shown =
          err instanceof ApiError && err.code === 'CONFLICT'
            ? h('p', { class: 'notice notice-error', testid: 'error-message', 'data-code': err.code }, t('registerRefused'))
            : errorBox(err, () => rerender(), false);
      }
      replaceFocused(line, shown);
    });
    return h('div', { testid: 'register-box' }, line);
  }

  /** The way to sign in from an event's page, and back; `ended` says the last session ran out. */
  function signInLink(ev, ended) {
    const params = { terug: routeHref(['events', ev.slug]) };
    if (ended) params.sessie = 'verlopen';
    return h('p', { testid: 'register-sign-in' }, h('a', { href: routeHref(['aanmelden'], params) }, t('registerSignIn')));
  }

  function registrationOutcome(r) {
    const text = r.status === 'WAITLISTED' ? t('waitlisted', { n: r.waitlistPosition }) : r.status === 'CONFIRMED' ? t('registered', { code: r.code }) : label('RegistrationStatus', r.status);
    return h('p', { class: 'notice', testid: 'registration-outcome', 'data-status': r.status }, text);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Router
  // ---------------------------------------------------------------------------------------------------------

  const LIST_ROUTES = {
    '': pageHome,
    domeinen: pageDomains,
    cases: pageCases,
    partners: pagePartners,
    events: pageEvents,
    verhalen: pageStories,
    datasets: pageDatasets,
    zoeken: pageSearch,
    aanmelden: pageSignIn,
    mijn: pageMine,
    'word-partner': pageJoin,
    deur: pageDoor,
  };
  const DETAIL_ROUTES = {
    domeinen: pageDomain,
    cases: pageCase,
    partners: pagePartner,
    events: pageEvent,
    verhalen: pageStory,
    datasets: pageDataset,
  };
  // English aliases, so /#/domains or /#/stories also work.
  const ALIASES = { domains: 'domeinen', stories: 'verhalen', evenementen: 'events', search: 'zoeken', home: '', 'sign-in': 'aanmelden', mine: 'mijn', join: 'word-partner', door: 'deur' };

  function parseHash() {
    let raw = location.hash.replace(/^#/, '');
    if (raw.startsWith('/')) raw = raw.slice(1);
    const [pathPart, queryPart = ''] = raw.split('?');
    const segments = pathPart
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch (_) {
          return s;
        }
      });
    const params = {};
    for (const [k, v] of new URLSearchParams(queryPart)) params[k] = v;
    if (segments.length && Object.prototype.hasOwnProperty.call(ALIASES, segments[0])) segments[0] = ALIASES[segments[0]];
    return { segments, params };
  }

  /** Changes a filter: replaces the history entry and renders again, then gives focus back to the control. */
  function navigate(href, focusId) {
    history.replaceState(null, '', href);
    render({ keepFocus: true, focusId });
  }

  const rerender = () => render({ keepFocus: false });

  let renderCounter = 0;
  let firstRender = true;

  async function render(options = {}) {
    const token = ++renderCounter;
    const ctx = { current: () => token === renderCounter };
    const { segments, params } = parseHash();
    const section0 = segments[0] || '';
    markNav(section0);
    closeMenu();

    let handler = null;
    let arg = params;
    if (segments.length <= 1 && Object.prototype.hasOwnProperty.call(LIST_ROUTES, section0)) handler = LIST_ROUTES[section0];
    else if (segments.length === 2 && Object.prototype.hasOwnProperty.call(DETAIL_ROUTES, section0)) {
      handler = DETAIL_ROUTES[section0];
      arg = segments[1];
    }

    const root = main();
    const started = performance.now();
    // Only show a loading text when the answer takes a moment, to avoid flashing.
    const loadingTimer = setTimeout(() => ctx.current() && renderLoading(), 150);
    root.setAttribute('aria-busy', 'true');
    try {
      if (!handler) renderNotFound();
      else await handler(ctx, arg);
    } catch (err) {
      if (!ctx.current()) return;
      if (!(err instanceof ApiError)) console.error(err);
      if (err instanceof ApiError && err.code === 'NOT_FOUND') renderNotFound();
      else renderError(err instanceof ApiError ? err : new ApiError('UNKNOWN'), () => render());
    } finally {
      clearTimeout(loadingTimer);
    }
    if (!ctx.current()) return;
    root.setAttribute('aria-busy', 'false');
    root.setAttribute('data-route', section0 || 'home');
    root.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));

    const heading = root.querySelector('h1');
    const control = options.focusId ? document.getElementById(options.focusId) : null;
    if (control) control.focus({ preventScroll: true });
    else if (!firstRender && !options.keepFocus && heading) {
      heading.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
    if (heading) announce(t('loaded', { title: heading.textContent }));
    firstRender = false;
  }

  function markNav(section0) {
    for (const a of document.querySelectorAll('.nav-list a[data-route]')) {
      const route = a.getAttribute('data-route');
      const current = route === 'home' ? section0 === '' : route === section0;
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Chrome: language switch and mobile menu
  // ---------------------------------------------------------------------------------------------------------

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.getAttribute('data-i18n'));
    for (const el of document.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.getAttribute('data-i18n-aria-label')));
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.getAttribute('data-i18n-placeholder')));
    for (const btn of document.querySelectorAll('.lang-btn')) btn.setAttribute('aria-pressed', String(btn.getAttribute('data-lang') === lang));
    accountNav();
  }

  function setLanguage(next) {
    if (next !== 'nl' && next !== 'en') return;
    if (next === lang) return;
    lang = next;
    try {
      localStorage.setItem(LANG_KEY, lang);
    } catch (_) {
      /* not remembered, fine */
    }
    applyLanguage();
    render({ keepFocus: true });
  }

  function closeMenu() {
    const toggle = document.querySelector('.menu-toggle');
    if (toggle) toggle.setAttribute('aria-expanded', 'false');
    document.body.classList.remove('menu-open');
  }

  function init() {
    applyLanguage();
    for (const btn of document.querySelectorAll('.lang-btn')) {
      btn.addEventListener('click', () => setLanguage(btn.getAttribute('data-lang')));
    }
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
    window.addEventListener('hashchange', () => render());
    render();
  }

  // Exposed for browser tests: the exact queries this page sends.
  window.LODE_QUERIES = Object.freeze({ ...QUERIES, ...ACCOUNT_QUERIES });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
