// @ts-check
// The operations of the team's audit log (`#/team/audit`, pages/team/audit.js).

/**
 * A page of the audit log, newest first: who (as far as the viewer may know: an admin sees addresses),
 * what, which record (with what its team page needs) and when; with the actions for the filter when
 * `$withActions`.
 */
export const TEAM_AUDIT_LOG = `query TeamAuditLog($filter: AuditFilter, $first: Int!, $after: String, $withActions: Boolean!) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      at action recordKind actorRole subjectId
      actor { id isViewer exists role email cities partner { slug name } }
      subjectAccount { id isViewer email role }
      subject {
        __typename
        ... on ValueDomain { slug name }
        ... on PilotCase { slug title }
        ... on PilotCaseMember { pilotCase { slug title } partner { name } }
        ... on Partner { slug name }
        ... on CoCreationEvent { slug title }
        ... on Registration { event { slug title } partner { name } }
        ... on SuccessStory { slug title }
        ... on Dataset { slug title }
        ... on Survey { slug title }
      }
    }
  }
  auditActions @include(if: $withActions) { name recordKind }
}`;

/** The signed-in account's id, for "my own changes". */
export const AUDIT_VIEWER = `query AuditViewer {
  me { id }
}`;
