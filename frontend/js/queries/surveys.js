// @ts-check
// The operations of the team's surveys (pages/team/surveys.js): the list, the form with its questions, the
// status moves, publishing the results, copying for next year and applying the suggested scores.

/** Everything a survey's form shows and saves. */
const SURVEY_FIELDS = `fragment SurveyFormFields on Survey {
  id slug title titleEn introduction introductionEn opensAt closesAt minAnswers weighting status nextStatuses
  takesAnswers questionsFixed resultsPublishedAt updatedAt
  questions { id kind prompt promptEn required options { label labelEn } valueDomainIds }
}`;

/** A page of surveys for the team's list (drafts included). */
export const SURVEY_ROWS = `query SurveyRows($filter: SurveyFilter, $after: String) {
  surveys(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id slug title status opensAt closesAt resultsPublishedAt }
  }
}`;

/** One survey, by its slug, with how many answered and what they suggest for each value domain. */
export const SURVEY_FORM = `query SurveyForm($slug: String!) {
  survey(slug: $slug) {
    ...SurveyFormFields
    results {
      unconfirmed respondents { total }
      valueDomains { valueDomain { id slug name } answerCount economicValue { suggested } societalValue { suggested } dataReadiness { suggested } }
    }
  }
}
${SURVEY_FIELDS}`;

/** A page of the value domains a survey's questions may ask about. */
export const SURVEY_DOMAIN_CHOICES = `query SurveyDomainChoices($after: String) {
  valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id name status }
  }
}`;

/** Creates a survey (a draft). */
export const SAVE_NEW_SURVEY = `mutation SaveNewSurvey($input: CreateSurveyInput!) {
  createSurvey(input: $input) { survey { ...SurveyFormFields } }
}
${SURVEY_FIELDS}`;

/** Saves the changed fields of a survey. */
export const SAVE_SURVEY = `mutation SaveSurvey($input: UpdateSurveyInput!) {
  updateSurvey(input: $input) { survey { ...SurveyFormFields } }
}
${SURVEY_FIELDS}`;

/** Opens, closes or reopens a survey. */
export const MOVE_SURVEY = `mutation MoveSurvey($id: ID!, $read: DateTime!, $status: SurveyStatus!) {
  setSurveyStatus(input: { id: $id, expectedUpdatedAt: $read, status: $status }) { survey { slug } }
}`;

/** Publishes a survey's results, or takes them back. */
export const PUBLISH_SURVEY_RESULTS = `mutation PublishSurveyResults($id: ID!, $published: Boolean!) {
  publishSurveyResults(input: { id: $id, published: $published }) { survey { slug resultsPublishedAt } }
}`;

/** Copies a survey into a new draft (next year's). */
export const COPY_SURVEY = `mutation CopySurvey($id: ID!) {
  copySurvey(input: { id: $id }) { survey { slug } }
}`;

/** Gives the value domains the scores the survey's answers suggest. */
export const APPLY_SURVEY_SCORES = `mutation ApplySurveyScores($surveyId: ID!) {
  applySurveyScores(input: { surveyId: $surveyId }) { valueDomains { id slug name economicValue societalValue dataReadiness priorityScore } }
}`;

/** Erases the address someone answered surveys with, at their request (admins). */
export const ERASE_SURVEY_RESPONDENT = `mutation EraseSurveyRespondent($email: String!) {
  eraseSurveyRespondent(input: { email: $email }) { answers }
}`;

/** The respondents of a survey who agreed to be contacted, as far as the filter allows (the team's). */
export const SURVEY_CONTACTS = `query SurveyContacts($id: ID!, $filter: SurveyContactFilter) {
  survey(id: $id) {
    contacts(filter: $filter) { id email stakeholderType city confirmedAt partner { slug name } }
  }
}`;

/** The conversations the viewer may invite to: interviews and focus groups, published and still to come. */
export const CONVERSATION_EVENTS = `query ConversationEvents($now: DateTime!) {
  events(filter: { status: [PUBLISHED], format: [INTERVIEW, FOCUS_GROUP], startsFrom: $now, viewerCanUpdate: true }, first: 100) {
    nodes { id slug title format startsAtLocal endsAtLocal timeZone }
  }
}`;

/** Invites respondents to a conversation (each once). */
export const INVITE_SURVEY_RESPONDENTS = `mutation InviteSurveyRespondents($surveyId: ID!, $eventId: ID!, $respondentIds: [ID!]!) {
  inviteSurveyRespondents(input: { surveyId: $surveyId, eventId: $eventId, respondentIds: $respondentIds }) { invited }
}`;
