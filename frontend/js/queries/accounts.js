// @ts-check
// The operations of the team's accounts page (pages/team/accounts.js): admins only.

/** What a row of the accounts table shows. */
const F_ACCOUNT = `fragment AccountRow on Account {
  id email role cities partner { name } active deactivatedAt invitedAt mustChangePassword createdAt
}`;

/** A page of the accounts, by e-mail address, filtered on a part of the address and on the role. */
export const ACCOUNTS = `query Accounts($filter: AccountFilter, $first: Int!, $after: String) {
  accounts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { ...AccountRow }
  }
}
${F_ACCOUNT}`;

/** A coordinator's account for their cities, with a temporary password to change at the first sign-in. */
export const CREATE_COORDINATOR = `mutation CreateCoordinator($email: String!, $cities: [City!]!, $password: String!) {
  createAccount(input: { email: $email, password: $password, role: COORDINATOR, cities: $cities, mustChangePassword: true }) {
    account { ...AccountRow }
  }
}
${F_ACCOUNT}`;

/** A temporary password for an account: its sessions end, and its next sign-in must choose a new one. */
export const SET_TEMPORARY_PASSWORD = `mutation SetTemporaryPassword($id: ID!, $password: String!) {
  setTemporaryPassword(input: { accountId: $id, password: $password }) { account { ...AccountRow } }
}
${F_ACCOUNT}`;

/** Stops an account: it signs in no more, and its sessions end. */
export const DEACTIVATE_ACCOUNT = `mutation DeactivateAccount($id: ID!) {
  deactivateAccount(input: { accountId: $id }) { account { ...AccountRow } }
}
${F_ACCOUNT}`;

/** Lets a deactivated account sign in again. */
export const REACTIVATE_ACCOUNT = `mutation ReactivateAccount($id: ID!) {
  reactivateAccount(input: { accountId: $id }) { account { ...AccountRow } }
}
${F_ACCOUNT}`;
