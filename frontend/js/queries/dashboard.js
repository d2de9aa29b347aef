// @ts-check
// The operations of the team's dashboard (`#/team`, pages/team/dashboard.js).

/**
 * Everything the dashboard shows, in one request: the coming events of the viewer's city (all cities when
 * `$city` is null) with their seats, the partners waiting for approval, the stories in review that the viewer
 * may change (the API decides whose), the cases with their members (for the open invitations) and the
 * number of cases in each phase.
 */
export const TEAM_DASHBOARD = `query TeamDashboard($city: City, $from: DateTime!) {
  upcomingEvents: events(filter: { city: $city, startsFrom: $from, status: [DRAFT, PUBLISHED] }, first: 30) {
    totalCount
    nodes { id slug title status startsAtLocal endsAtLocal timeZone capacity seatsTaken waitlistLength cities }
  }
  pendingPartners: partners(filter: { status: [PENDING] }, orderBy: { field: CREATED_AT, direction: ASC }, first: 50) {
    totalCount
    nodes { id slug name stakeholderType homeCity createdAt }
  }
  storiesInReview: successStories(filter: { status: [IN_REVIEW], viewerCanUpdate: true }, orderBy: { field: UPDATED_AT, direction: ASC }, first: 50) {
    totalCount
    nodes { id slug title city updatedAt }
  }
  casesWithMembers: pilotCases(filter: { city: $city }, first: 100) {
    totalCount
    nodes { id slug title phase members { id status role createdAt partner { name } } }
  }
  proposed: pilotCases(filter: { city: $city, phase: [PROPOSED] }, first: 1) { totalCount }
  preparing: pilotCases(filter: { city: $city, phase: [PREPARING] }, first: 1) { totalCount }
  running: pilotCases(filter: { city: $city, phase: [RUNNING] }, first: 1) { totalCount }
  evaluating: pilotCases(filter: { city: $city, phase: [EVALUATING] }, first: 1) { totalCount }
  completed: pilotCases(filter: { city: $city, phase: [COMPLETED] }, first: 1) { totalCount }
  stopped: pilotCases(filter: { city: $city, phase: [STOPPED] }, first: 1) { totalCount }
}`;

/**
 * How the mail outbox stands (the team only): asked apart from the dashboard's records, so that the rest
 * still shows should it fail.
 */
export const MAIL_STATUS = `query MailStatus {
  mailStatus { pending oldestPendingSeconds failed scheduled }
}`;
