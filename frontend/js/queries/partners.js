// @ts-check
// The operations of the team's partner pages (pages/team/partners.js): the list, the whole profile with its
// contact (team only), saving, approving, refusing and archiving, and erasing; and a partner's own profile in
// its portal (pages/mine.js).

/** Everything a partner's form shows and saves, with its private contact. */
const PARTNER_FIELDS = `fragment PartnerProfileFields on Partner {
  id slug name stakeholderType description descriptionHtml website homeCity capabilities dataOffered dataNeeded
  status nextStatuses erasedAt createdAt updatedAt
  interests { id name }
  contact { name email phone }
  refusal { reason refusedAt }
}`;

/** A page of partners for the team's list. */
export const PARTNER_ROWS = `query PartnerRows($filter: PartnerFilter, $after: String) {
  partners(filter: $filter, orderBy: { field: NAME, direction: ASC }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id slug name status stakeholderType homeCity createdAt erasedAt }
  }
}`;

/** A partner's whole profile, by its slug, with its places in cases, its registrations and its stories,
 * the value domains it may be interested in, and the words matching knows in the page's language. */
export const PARTNER_PROFILE = `query PartnerProfile($slug: String!, $language: TermsLanguage!) {
  partner(slug: $slug) {
    ...PartnerProfileFields
    memberships { id role status pilotCase { slug title } }
    registrations { id status event { slug title startsAt } }
    successStories { slug title status }
  }
  valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name } }
  matchingVocabulary(language: $language)
}
${PARTNER_FIELDS}`;

/** A partner's own profile in its portal (Mijn LODE), by its id: the fields its members change, and the
 * words matching knows in the page's language. */
export const OWN_PROFILE = `query OwnProfile($id: ID!, $language: TermsLanguage!) {
  partner(id: $id) { ...PartnerProfileFields }
  valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name } }
  matchingVocabulary(language: $language)
}
${PARTNER_FIELDS}`;

/** Saves the changed fields of a partner's profile or contact. */
export const SAVE_PARTNER = `mutation SavePartner($input: UpdatePartnerInput!) {
  updatePartner(input: $input) { partner { ...PartnerProfileFields } }
}
${PARTNER_FIELDS}`;

/** Approves, archives or brings back a partner. */
export const MOVE_PARTNER = `mutation MovePartner($id: ID!, $read: DateTime!, $status: PartnerStatus!) {
  setPartnerStatus(input: { id: $id, expectedUpdatedAt: $read, status: $status }) { partner { id slug status updatedAt } }
}`;

/** Refuses a pending partner with the reason its members read. */
export const REFUSE_PARTNER = `mutation RefusePartner($id: ID!, $read: DateTime!, $reason: String!) {
  refusePartner(input: { id: $id, expectedUpdatedAt: $read, reason: $reason }) { partner { id slug status updatedAt } }
}`;

/** Erases a partner's personal data (admins): its anonymised profile, and the stories to read again. */
export const ERASE_PARTNER = `mutation ErasePartner($id: ID!) {
  erasePartner(input: { partnerId: $id }) { partner { id slug } storiesToReview { slug title } }
}`;
