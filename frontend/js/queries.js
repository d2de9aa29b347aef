const F_EVENT = `fragment EventCard on CoCreationEvent {
  id slug title format status startsAtLocal endsAtLocal timeZone venue onlineUrl capacity cities
}`;
const F_DOMAIN = `fragment DomainCard on ValueDomain {
  id slug name descriptionHtml status priorityScore themes economicValue societalValue dataReadiness
}`;
const F_CASE = `fragment CaseCard on PilotCase {
  id slug title summary phase cities startDate endDate valueDomain { slug name }
}`;
const F_PARTNER = `fragment PartnerCard on Partner {
  id slug name stakeholderType homeCity capabilities
}`;
const F_STORY = `fragment StoryCard on SuccessStory {
  id slug title summary publishedAt city
}`;
const F_DATASET = `fragment DatasetCard on Dataset {
  id slug title publisher url licence theme
}`;
const PAGE = 'totalCount pageInfo { hasNextPage endCursor }';

// Search hits (the edges of the search connection): one small fragment per record type, each with the slug
// for the link to the record's page. The statuses are aliased because a union selection may not merge
// fields of different enum types.
const F_SEARCH = `fragment SearchHitFields on SearchResultEdge {
  cursor kind
  highlights { field snippet }
  node {
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

// The public pages' operations.

export const HOME = `query Home($now: DateTime!) {
  upcoming: events(filter: { status: [PUBLISHED], startsFrom: $now }, orderBy: { field: STARTS_AT, direction: ASC }, first: 6) {
    totalCount nodes { ...EventCard }
  }
  domains: valueDomains(filter: { status: [SELECTED] }, orderBy: { field: PRIORITY, direction: DESC }, first: 6) {
    totalCount nodes { ...DomainCard }
  }
  stories: successStories(orderBy: { field: PUBLISHED_AT, direction: DESC }, first: 3) {
    totalCount nodes { ...StoryCard }
  }
}
${F_EVENT}
${F_DOMAIN}
${F_STORY}`;

export const DOMAINS = `query Domains($filter: ValueDomainFilter, $first: Int!, $after: String) {
  list: valueDomains(filter: $filter, orderBy: { field: PRIORITY, direction: DESC }, first: $first, after: $after) {
    ${PAGE} nodes { ...DomainCard }
  }
}
${F_DOMAIN}`;

export const DOMAIN = `query Domain($slug: String!) {
  valueDomain(slug: $slug) {
    ...DomainCard
    scoresSource { byHand setAt answerCount survey { slug title titleEn resultsPublishedAt } }
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
${F_PARTNER}`;

export const CASES = `query Cases($filter: PilotCaseFilter, $first: Int!, $after: String) {
  list: pilotCases(filter: $filter, orderBy: { field: TITLE, direction: ASC }, first: $first, after: $after) {
    ${PAGE} nodes { ...CaseCard }
  }
}
${F_CASE}`;

export const CASE = `query Case($slug: String!) {
  pilotCase(slug: $slug) {
    ...CaseCard
    descriptionHtml goals wantedStakeholderTypes
    valueDomain { slug name status }
    neededCapabilities { name weight }
    datasets { ...DatasetCard }
    members { id role status partner { slug name stakeholderType homeCity } }
    events { ...EventCard }
    successStories { ...StoryCard }
  }
}
${F_CASE}
${F_DATASET}
${F_EVENT}
${F_STORY}`;

export const PARTNERS = `query Partners($filter: PartnerFilter!, $first: Int!, $after: String) {
  list: partners(filter: $filter, orderBy: { field: NAME, direction: ASC }, first: $first, after: $after) {
    ${PAGE} nodes { ...PartnerCard }
  }
}
${F_PARTNER}`;

export const PARTNER = `query Partner($slug: String!) {
  partner(slug: $slug) {
    ...PartnerCard
    descriptionHtml website dataOffered dataNeeded
    interests { slug name }
    memberships { id role status pilotCase { slug title phase } }
    successStories { ...StoryCard }
  }
}
${F_PARTNER}
${F_STORY}`;

export const EVENTS = `query Events($filter: CoCreationEventFilter!, $direction: OrderDirection!, $first: Int!, $after: String) {
  list: events(filter: $filter, orderBy: { field: STARTS_AT, direction: $direction }, first: $first, after: $after) {
    ${PAGE} nodes { ...EventCard }
  }
}
${F_EVENT}`;

// The programme has a handful of value domains and two pilot cases: one page holds them all.
export const EVENT_FILTER_CHOICES = `query EventFilterChoices {
  valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id slug name } }
  pilotCases(orderBy: { field: TITLE, direction: ASC }, first: 100) { nodes { id slug title } }
}`;

export const EVENT = `query Event($slug: String!) {
  event(slug: $slug) {
    ...EventCard
    descriptionHtml startsAt endsAt address registrationOpensAt registrationClosesAt audience seatsLeft waitlistLength
    maxPeoplePerRegistration
    pilotCase { slug title }
    valueDomain { slug name }
  }
}
${F_EVENT}`;

export const STORIES = `query Stories($filter: SuccessStoryFilter!, $first: Int!, $after: String) {
  list: successStories(filter: $filter, orderBy: { field: PUBLISHED_AT, direction: DESC }, first: $first, after: $after) {
    ${PAGE} nodes { ...StoryCard }
  }
}
${F_STORY}`;

export const STORY = `query Story($slug: String!) {
  successStory(slug: $slug) {
    ...StoryCard
    bodyHtml
    impactFigures { label value }
    pilotCase { slug title }
    valueDomain { slug name }
    partners { ...PartnerCard }
    datasets { ...DatasetCard }
  }
}
${F_STORY}
${F_PARTNER}
${F_DATASET}`;

export const DATASETS = `query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {
  list: datasets(filter: $filter, orderBy: { field: TITLE, direction: ASC }, first: $first, after: $after) {
    ${PAGE} nodes { ...DatasetCard }
  }
}
${F_DATASET}`;

export const DATASET = `query Dataset($slug: String!) {
  dataset(slug: $slug) {
    ...DatasetCard
    pilotCases { slug title phase cities }
    successStories { slug title publishedAt }
  }
}
${F_DATASET}`;

// The first page of a search, with its facets. A facet group with a selection gets its counts from a
// second search without that group's own condition (first: 0, facets only), so the other values of
// the group stay visible and can be added; those are only asked for when needed (@include).
export const SEARCH = `query Search($query: String!, $filter: SearchFilter, $first: Int!, $after: String,
  $kindFacet: Boolean!, $kindFacetFilter: SearchFilter,
  $cityFacet: Boolean!, $cityFacetFilter: SearchFilter,
  $typeFacet: Boolean!, $typeFacetFilter: SearchFilter) {
  results: search(query: $query, filter: $filter, first: $first, after: $after) {
    ${PAGE} edges { ...SearchHitFields } ${FACETS} suggestion
  }
  kindFacets: search(query: $query, filter: $kindFacetFilter, first: 0) @include(if: $kindFacet) { ${FACETS} }
  cityFacets: search(query: $query, filter: $cityFacetFilter, first: 0) @include(if: $cityFacet) { ${FACETS} }
  typeFacets: search(query: $query, filter: $typeFacetFilter, first: 0) @include(if: $typeFacet) { ${FACETS} }
}
${F_SEARCH}`;

// The next pages of a search ("Meer laden"): hits only.
export const SEARCH_MORE = `query SearchMore($query: String!, $filter: SearchFilter, $first: Int!, $after: String) {
  results: search(query: $query, filter: $filter, first: $first, after: $after) {
    ${PAGE} edges { ...SearchHitFields }
  }
}
${F_SEARCH}`;

// A signed-in account's own operations (these send the session's bearer token).
export const SIGN_IN = `mutation SignIn($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { token mustChangePassword account { role } }
}`;
/** A new password, after a temporary one (sent with the temporary session's token). */
export const CHANGE_PASSWORD = `mutation ChangePassword($current: String!, $next: String!) {
  changePassword(input: { currentPassword: $current, newPassword: $next }) { changed }
}`;
export const SIGN_OUT = 'mutation SignOut { logout { ended } }';
/** Asks for a message with a link to choose a new password (one answer, whatever the address). */
export const REQUEST_PASSWORD_RESET = `mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(input: { email: $email }) { message }
}`;
/** A new password, with the token of a reset message's link. */
export const RESET_PASSWORD = `mutation ResetPassword($token: String!, $next: String!) {
  resetPassword(input: { token: $token, newPassword: $next }) { changed }
}`;
/** The current terms, which accepting an invitation accepts too. */
export const TERMS = `query Terms($language: TermsLanguage!) {
  terms(language: $language) { version textHtml }
}`;
/** Accepts an invitation to a partner's organisation: a password, and the terms. */
export const ACCEPT_INVITATION = `mutation AcceptMemberInvitation($token: String!, $password: String!, $termsVersion: String!) {
  acceptMemberInvitation(input: { token: $token, password: $password, termsVersion: $termsVersion }) { accepted }
}`;
/** Confirms an address, with the token of the sign-up message's link. */
export const CONFIRM_EMAIL = `mutation ConfirmEmail($token: String!) {
  confirmEmail(input: { token: $token }) { confirmed }
}`;
export const CONFIRM_SURVEY_ANSWER = `mutation ConfirmSurveyAnswer($token: String!) {
  confirmSurveyAnswer(input: { token: $token }) { survey { id } }
}`;
export const ME = `query Me {
  me {
    email role cities
    partner {
      id slug name status erasedAt
      refusal { reason refusedAt }
      memberships { id role status updatedAt pilotCase { slug title } }
      registrations {
        id status code codeQr waitlistPosition eventCancelled people { name }
        event { id slug title status startsAtLocal endsAtLocal timeZone }
      }
    }
  }
}`;
export const REGISTER = `mutation Register($eventId: ID!, $key: String!, $people: [String!]) {
  registerForEvent(input: { eventId: $eventId, idempotencyKey: $key, people: $people }) { registration { id status code codeQr waitlistPosition people { name } } }
}`;
export const CANCEL_REGISTRATION = `mutation Cancel($id: ID!) {
  cancelRegistration(input: { id: $id }) { registration { id status } }
}`;
/** What the sign-up form offers: the words matching knows, the value domains, and the current terms, in the
 * page's language. */
export const JOIN_CHOICES = `query JoinChoices($language: TermsLanguage!) {
  matchingVocabulary(language: $language)
  valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name } }
  terms(language: $language) { version textHtml }
}`;
export const SIGN_UP = `mutation Join($input: SignUpInput!) {
  signUp(input: $input) { message }
}`;
export const CHECK_IN = `mutation CheckIn($eventId: ID!, $code: String!, $personIds: [ID!]) {
  checkIn(input: { eventId: $eventId, code: $code, personIds: $personIds }) { registration { status partner { name } event { title } people { checkedInAt } } }
}`;
export const DOOR_EVENTS = `query DoorEvents($from: DateTime!, $before: DateTime!) {
  events(filter: { status: [PUBLISHED, COMPLETED], startsFrom: $from, startsBefore: $before }, orderBy: { field: STARTS_AT, direction: ASC }, first: 100) {
    nodes { id title startsAtLocal endsAtLocal timeZone cities }
  }
}`;
export const DOOR_REGISTRATIONS = `query DoorRegistrations($id: ID!) {
  event(id: $id) { id registrations { id code status peopleCount partner { name } people { id name checkedInAt } } }
}`;
export const DOOR_SEATS_CHANGED = `subscription DoorSeatsChanged($id: ID!) {
  eventSeatsChanged(eventId: $id) { arrived }
}`;
export const EVENT_SEATS_CHANGED = `subscription EventSeatsChanged($id: ID!) {
  eventSeatsChanged(eventId: $id) { seatsLeft waitlistLength }
}`;
export const PENDING_PARTNERS = `query Pending {
  partners(filter: { status: [PENDING] }, orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name stakeholderType homeCity } }
}`;
export const MATCHING = `query Matching($id: ID!) {
  suggestTeam(pilotCaseId: $id, size: 6) {
    coverage uncoveredCapabilities uncoveredStakeholderTypes
    acceptedMembers { ...Match }
    members { ...Match }
  }
  matchPartners(pilotCaseId: $id, first: 10) { ...Match }
  node(id: $id) { ... on PilotCase { members { status partner { id } } } }
}
fragment Match on PartnerMatch {
  score
  partner { id slug name status stakeholderType }
  breakdown { capabilitiesCovered dataOffered dataNeeded interested stakeholderFit local engagement }
}`;
export const INVITE = `mutation Invite($pilotCaseId: ID!, $partnerId: ID!, $role: MemberRole!) {
  invitePartnerToCase(input: { pilotCaseId: $pilotCaseId, partnerId: $partnerId, role: $role }) { member { id status } }
}`;
export const ANSWER_INVITATION = `mutation Answer($id: ID!, $read: DateTime!, $status: MemberStatus!) {
  updatePilotCaseMember(input: { id: $id, expectedUpdatedAt: $read, status: $status }) { member { id status updatedAt } }
}`;
export const APPROVE_PARTNER = `mutation Approve($id: ID!) {
  setPartnerStatus(input: { id: $id, status: APPROVED }) { partner { id status } }
}`;

// The market survey (pages/survey.js, pages/survey-results.js): what anyone reads and answers.

/** A survey's questions as the answering form and the results show them. */
const F_SURVEY_QUESTION = `fragment SurveyQuestionFields on SurveyQuestion {
  id kind prompt promptEn required options { label labelEn } valueDomains { id slug name }
}`;
/** The surveys anyone may read (open and closed ones), the newest first. */
export const SURVEYS = `query Surveys($after: String) {
  surveys(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id slug title titleEn status takesAnswers opensAt closesAt resultsPublishedAt }
  }
}`;
/** A survey to answer, with its consent text in the page's language; `myAnswer` is the signed-in partner's. */
export const SURVEY = `query Survey($slug: String!, $language: TermsLanguage!) {
  survey(slug: $slug) {
    id slug title titleEn introductionHtml introductionEnHtml status takesAnswers opensAt closesAt resultsPublishedAt
    questions { ...SurveyQuestionFields }
    consent(language: $language) { version textHtml }
    myAnswer { publishText mayContact updatedAt answers { questionId choices scale text domains { valueDomainId economicValue societalValue dataReadiness } } }
  }
}
${F_SURVEY_QUESTION}`;
/** A partner's member answers for the organisation (or changes its answer). */
export const ANSWER_SURVEY = `mutation AnswerSurvey($input: AnswerSurveyInput!) {
  answerSurvey(input: $input) { answer { updatedAt } }
}`;
/** Anyone else answers with an address, which a message's link confirms. */
export const ANSWER_SURVEY_BY_EMAIL = `mutation AnswerSurveyByEmail($input: AnswerSurveyByEmailInput!) {
  answerSurveyByEmail(input: $input) { confirmationSent }
}`;

/** How the answers to one score of a value domain add up. */
const F_SCORE = `fragment SurveyScoreFields on SurveyScoreSummary {
  n noOpinion mean spread weightedMean suggested counts { total }
  byStakeholderType { stakeholderType n mean }
}`;
/** A count, broken down as far as the viewer may read it. */
const F_TALLY = `fragment SurveyTallyFields on SurveyTally {
  total byStakeholderType { stakeholderType count } byCity { city count }
}`;
/** What a value domain's answers add up to. */
const F_DOMAIN_RESULT = `fragment SurveyDomainFields on SurveyDomainResult {
  answerCount valueDomain { id slug name }
  economicValue { ...SurveyScoreFields } societalValue { ...SurveyScoreFields } dataReadiness { ...SurveyScoreFields }
}`;
/** A survey's results: the team's, or everyone's once published (the API leaves out what a viewer may not read). */
export const SURVEY_RESULTS = `query SurveyResults($slug: String!) {
  survey(slug: $slug) {
    id slug title titleEn status resultsPublishedAt
    results {
      unconfirmed minAnswers weighting
      respondents { ...SurveyTallyFields }
      questions {
        question { ...SurveyQuestionFields }
        answered { total } scaleMean
        options { ...SurveyTallyFields }
        scale { ...SurveyTallyFields }
        texts { text stakeholderType publishable }
        valueDomains { ...SurveyDomainFields }
      }
      valueDomains { ...SurveyDomainFields }
    }
  }
}
${F_SURVEY_QUESTION}
${F_TALLY}
${F_SCORE}
${F_DOMAIN_RESULT}`;
