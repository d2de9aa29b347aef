// @ts-check
// The operations of the team's pilot cases (pages/team/cases.js): the list of cases the viewer may change,
// the case's form with its choices, the phase moves and the members.

/** What the case's form, phase and members show of a case (the form's fields carry the update input's names). */
const F_TEAM_CASE = `fragment TeamCaseFields on PilotCase {
  id slug title summary description phase nextPhases viewerCanUpdate cities goals startDate endDate updatedAt
  valueDomain { id }
  neededCapabilities { name weight }
  wantedStakeholderTypes
  datasets { id title }
  members { ...TeamCaseMember }
}`;
/** A partner's place in a case, with the `updatedAt` a change sends back and when it was invited. */
const F_TEAM_MEMBER = `fragment TeamCaseMember on PilotCaseMember {
  id role status createdAt updatedAt partner { id slug name }
}`;
/** The choices of the form: value domains, datasets, and the approved partners (to invite; their capabilities suggest names). */
const CHOICES = `domains: valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name status } }
  datasets(orderBy: { field: TITLE, direction: ASC }, first: 100) { pageInfo { hasNextPage endCursor } nodes { id title publisher } }
  partners(filter: { status: [APPROVED] }, orderBy: { field: NAME, direction: ASC }, first: 100) { pageInfo { hasNextPage endCursor } nodes { id name capabilities } }`;

/** The cases the signed-in viewer may change, newest change first. */
export const TEAM_CASES = `query TeamCases($phase: [PilotCasePhase!], $first: Int!, $after: String) {
  list: pilotCases(filter: { viewerCanUpdate: true, phase: $phase }, orderBy: { field: UPDATED_AT, direction: DESC }, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id slug title summary phase cities updatedAt valueDomain { slug name } }
  }
}`;

/** The choices of a new case's form. */
export const TEAM_CASE_NEW = `query TeamCaseNew {
  ${CHOICES}
}`;

/** A case's form, phase and members, with the form's choices. */
export const TEAM_CASE = `query TeamCase($slug: String!) {
  pilotCase(slug: $slug) { ...TeamCaseFields }
  ${CHOICES}
}
${F_TEAM_CASE}
${F_TEAM_MEMBER}`;

/** More datasets to choose from, after the first hundred. */
export const TEAM_CASE_DATASETS = `query TeamCaseDatasets($after: String) {
  datasets(orderBy: { field: TITLE, direction: ASC }, first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id title publisher } }
}`;

/** More approved partners to choose from, after the first hundred. */
export const TEAM_CASE_PARTNERS = `query TeamCasePartners($after: String) {
  partners(filter: { status: [APPROVED] }, orderBy: { field: NAME, direction: ASC }, first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id name capabilities } }
}`;

/** Whether the signed-in viewer may change a case (for the link to its form on the public page). */
export const TEAM_CASE_RIGHTS = `query TeamCaseRights($slug: String!) {
  pilotCase(slug: $slug) { id viewerCanUpdate }
}`;

/** A case's members, read again after a change. */
export const TEAM_CASE_MEMBERS = `query TeamCaseMembers($slug: String!) {
  pilotCase(slug: $slug) { id phase members { ...TeamCaseMember } }
}
${F_TEAM_MEMBER}`;

export const CREATE_TEAM_CASE = `mutation CreateTeamCase($input: CreatePilotCaseInput!) {
  createPilotCase(input: $input) { pilotCase { ...TeamCaseFields } }
}
${F_TEAM_CASE}
${F_TEAM_MEMBER}`;

export const UPDATE_TEAM_CASE = `mutation UpdateTeamCase($input: UpdatePilotCaseInput!) {
  updatePilotCase(input: $input) { pilotCase { ...TeamCaseFields } }
}
${F_TEAM_CASE}
${F_TEAM_MEMBER}`;

export const SET_TEAM_CASE_PHASE = `mutation SetTeamCasePhase($input: SetPilotCasePhaseInput!) {
  setPilotCasePhase(input: $input) { pilotCase { id phase nextPhases updatedAt } }
}`;

export const INVITE_TO_TEAM_CASE = `mutation InviteToTeamCase($input: InvitePartnerToCaseInput!) {
  invitePartnerToCase(input: $input) { member { ...TeamCaseMember } }
}
${F_TEAM_MEMBER}`;

export const UPDATE_TEAM_CASE_MEMBER = `mutation UpdateTeamCaseMember($input: UpdatePilotCaseMemberInput!) {
  updatePilotCaseMember(input: $input) { member { ...TeamCaseMember } }
}
${F_TEAM_MEMBER}`;

export const REMOVE_TEAM_CASE_MEMBER = `mutation RemoveTeamCaseMember($input: DeleteInput!) {
  removePilotCaseMember(input: $input) { deletedId }
}`;

/** Withdraws an open invitation to a case. */
export const WITHDRAW_TEAM_CASE_INVITATION = `mutation WithdrawTeamCaseInvitation($input: WithdrawInvitationInput!) {
  withdrawInvitation(input: $input) { member { ...TeamCaseMember } }
}
${F_TEAM_MEMBER}`;
