// @ts-check
// The operations of a partner's own portal (Mijn LODE, pages/mine-*.js): the cases that fit it, its stories,
// its member accounts, and the signed-in account's password, e-mail choices, consents, data and deletion.

/** The open pilot cases that fit the partner, best first, with why. */
export const MATCHING_CASES = `query MatchingCases($partnerId: ID!) {
  matchingCases(partnerId: $partnerId, first: 10) {
    score
    pilotCase { id slug title phase }
    breakdown { capabilitiesCovered dataOffered dataNeeded interested stakeholderFit local engagement }
  }
}`;

/** Marks a pilot case "not for us" (`interested: false`), or takes that back. */
export const SET_CASE_INTEREST = `mutation SetCaseInterest($caseId: ID!, $partnerId: ID!, $interested: Boolean!) {
  setCaseInterest(input: { pilotCaseId: $caseId, partnerId: $partnerId, interested: $interested }) { interested }
}`;

/** The success stories the partner submitted or is named in, with where each stands. */
export const OUR_STORIES = `query OurStories($id: ID!) {
  partner(id: $id) { id successStories { id slug title summary status publishedAt updatedAt } }
}`;

/** Submits a story for the team's review. */
export const SUBMIT_STORY = `mutation SubmitStory($input: CreateSuccessStoryInput!) {
  submitSuccessStory(input: $input) { successStory { id slug title status updatedAt } }
}`;

/** The partner's member accounts (its own members and admins read their addresses). */
export const OUR_MEMBERS = `query OurMembers($id: ID!) {
  partner(id: $id) { id accounts { id email active invitedAt isViewer createdAt } }
}`;

/** Invites a colleague by address (or sends an open invitation's message again). */
export const INVITE_MEMBER = `mutation InvitePartnerMember($partnerId: ID!, $email: String!, $language: Language) {
  invitePartnerMember(input: { partnerId: $partnerId, email: $email, language: $language }) { account { id email invitedAt } sent }
}`;

/** Withdraws an invitation not yet accepted. */
export const WITHDRAW_INVITATION = `mutation WithdrawMemberInvitation($id: ID!) {
  withdrawMemberInvitation(input: { accountId: $id }) { deletedId }
}`;

/** Removes a member account from the partner. */
export const REMOVE_MEMBER = `mutation RemovePartnerMember($id: ID!) {
  removePartnerMember(input: { accountId: $id }) { deletedId }
}`;

/** The signed-in account's consents, newest first. */
export const MY_CONSENTS = `query MyConsents {
  me { id consents { purpose textVersion givenAt withdrawnAt active } }
}`;

/** Withdraws the account's consent to a purpose. */
export const WITHDRAW_CONSENT = `mutation WithdrawConsent($purpose: ConsentPurpose!) {
  withdrawConsent(input: { purpose: $purpose }) { consents { purpose active withdrawnAt } }
}`;

/** Everything stored about the account and its partner, as JSON. */
export const EXPORT_MY_DATA = 'query ExportMyData { exportMyData }';

/** Deletes the signed-in account (and, for a partner's last account, erases the partner). */
export const DELETE_MY_ACCOUNT = 'mutation DeleteMyAccount { deleteMyAccount { deletedId } }';

/** The account's e-mail choices: the language LODE writes in, and each kind of message on or off. */
export const MAIL_PREFERENCES = `query MailPreferences {
  mailPreferences { language topics { topic on } }
}`;

/** Sets the account's e-mail language and the kinds of message it turns off (every other one is on). */
export const SET_MAIL_PREFERENCES = `mutation SetMailPreferences($language: Language!, $topicsOff: [MailTopic!]!) {
  setMailPreferences(input: { language: $language, topicsOff: $topicsOff }) { language topics { topic on } }
}`;
