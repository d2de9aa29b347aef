// @ts-check
// The operations of the team's value domains (pages/team/domains.js): the list, the form, saving and the
// status moves.

/** Everything a value domain's form shows and saves. */
const DOMAIN_FIELDS = `fragment DomainFormFields on ValueDomain {
  id slug name description descriptionHtml themes status nextStatuses economicValue societalValue dataReadiness priorityScore updatedAt
  scoresSource { byHand setAt answerCount survey { slug title titleEn resultsPublishedAt } }
}`;

/** A page of value domains for the team's list (archived ones included). */
export const DOMAIN_ROWS = `query DomainRows($filter: ValueDomainFilter, $after: String) {
  valueDomains(filter: $filter, orderBy: { field: PRIORITY, direction: DESC }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id slug name status themes priorityScore updatedAt }
  }
}`;

/** One value domain, by its slug. */
export const DOMAIN_FORM = `query DomainForm($slug: String!) {
  valueDomain(slug: $slug) { ...DomainFormFields }
}
${DOMAIN_FIELDS}`;

/** Creates a value domain (a candidate). */
export const SAVE_NEW_DOMAIN = `mutation SaveNewDomain($input: CreateValueDomainInput!) {
  createValueDomain(input: $input) { valueDomain { ...DomainFormFields } }
}
${DOMAIN_FIELDS}`;

/** Saves the changed fields of a value domain. */
export const SAVE_DOMAIN = `mutation SaveDomain($input: UpdateValueDomainInput!) {
  updateValueDomain(input: $input) { valueDomain { ...DomainFormFields } }
}
${DOMAIN_FIELDS}`;

/** Moves a value domain to another status (selected, candidate, archived). */
export const MOVE_DOMAIN = `mutation MoveDomain($id: ID!, $read: DateTime!, $status: ValueDomainStatus!) {
  setValueDomainStatus(input: { id: $id, expectedUpdatedAt: $read, status: $status }) { valueDomain { ...DomainFormFields } }
}
${DOMAIN_FIELDS}`;
