// @ts-check
// The operations of the team's events and their registrations (pages/team/events.js and
// pages/team/registrations.js).

/** An event as the team's list shows it: when, where it stands, and how full it is. */
const F_TEAM_EVENT_ITEM = `fragment TeamEventItem on CoCreationEvent {
  id slug title status cities startsAtLocal endsAtLocal endsAt timeZone capacity seatsTaken waitlistLength
}`;

/** The events the viewer may change around now: those that started since `from` (or start later), and the latest past ones. */
export const TEAM_EVENTS = `query TeamEvents($from: DateTime!, $now: DateTime!) {
  upcoming: events(filter: { viewerCanUpdate: true, startsFrom: $from }, orderBy: { field: STARTS_AT, direction: ASC }, first: 100) {
    nodes { ...TeamEventItem }
  }
  past: events(filter: { viewerCanUpdate: true, startsBefore: $now }, orderBy: { field: STARTS_AT, direction: DESC }, first: 30) {
    nodes { ...TeamEventItem }
  }
}
${F_TEAM_EVENT_ITEM}`;

/** What an event's form offers to choose from: the pilot cases and value domains. */
export const TEAM_EVENT_CHOICES = `query TeamEventChoices {
  pilotCases(orderBy: { field: TITLE, direction: ASC }, first: 100) { nodes { id title cities } }
  valueDomains(first: 100) { nodes { id name } }
}`;

/** Whether the signed-in viewer may change an event (for the team's links on the public page). */
export const TEAM_EVENT_RIGHTS = `query TeamEventRights($slug: String!) {
  event(slug: $slug) { id viewerCanUpdate }
}`;

/** Every field of an event the form edits, keyed as `updateEvent` names them, with its status moves. */
const F_TEAM_EVENT_FORM = `fragment TeamEventForm on CoCreationEvent {
  id slug title description format status startsAt endsAt startsAtLocal endsAtLocal timeZone venue address onlineUrl capacity
  registrationOpensAt registrationClosesAt cities audience nextStatuses viewerCanUpdate updatedAt seatsTaken waitlistLength
  pilotCase { id title cities } valueDomain { id name }
  quotas { stakeholderType maxSeats reservedSeats reservedUntil }
}`;

/** An event's form, by its slug. */
export const TEAM_EVENT_FORM = `query TeamEventForm($slug: String!) {
  event(slug: $slug) { ...TeamEventForm }
}
${F_TEAM_EVENT_FORM}`;

/** A new event (a draft). */
export const TEAM_CREATE_EVENT = `mutation TeamCreateEvent($input: CreateCoCreationEventInput!) {
  createEvent(input: $input) { event { ...TeamEventForm } }
}
${F_TEAM_EVENT_FORM}`;

/** The fields of an event that changed, from the version read. */
export const TEAM_UPDATE_EVENT = `mutation TeamUpdateEvent($input: UpdateCoCreationEventInput!) {
  updateEvent(input: $input) { event { ...TeamEventForm } }
}
${F_TEAM_EVENT_FORM}`;

/** An event's quotas per stakeholder type, from the version read. */
export const TEAM_SET_EVENT_QUOTAS = `mutation TeamSetEventQuotas($eventId: ID!, $read: DateTime, $quotas: [EventQuotaInput!]!) {
  setEventQuotas(input: { eventId: $eventId, expectedUpdatedAt: $read, quotas: $quotas }) { event { ...TeamEventForm } }
}
${F_TEAM_EVENT_FORM}`;

/** A status move (publish, cancel, complete), from the version read. */
export const TEAM_SET_EVENT_STATUS = `mutation TeamSetEventStatus($id: ID!, $read: DateTime, $status: EventStatus!) {
  setEventStatus(input: { id: $id, expectedUpdatedAt: $read, status: $status }) { event { id status updatedAt } }
}`;

/** An event's registrations, with each partner's stakeholder type, and the attendance per type. */
export const TEAM_EVENT_REGISTRATIONS = `query TeamEventRegistrations($slug: String!) {
  event(slug: $slug) {
    id slug title status cities startsAtLocal endsAtLocal endsAt timeZone capacity seatsTaken waitlistLength viewerCanUpdate
    registrations {
      id status code waitlistPosition checkedInAt createdAt peopleCount
      people { id name checkedInAt }
      partner { id name stakeholderType }
    }
    attendance { stakeholderType attended noShow }
  }
}`;

/** Checks a partner in for the event by its registration's code. */
export const TEAM_CHECK_IN = `mutation TeamCheckIn($eventId: ID!, $code: String!, $personIds: [ID!]) {
  checkIn(input: { eventId: $eventId, code: $code, personIds: $personIds }) { registration { id status partner { name } } }
}`;

/** After the event, marks who had a seat and did not come. */
export const TEAM_MARK_NO_SHOWS = `mutation TeamMarkNoShows($eventId: ID!) {
  markNoShows(input: { eventId: $eventId }) { marked }
}`;

/**
 * An event's seat counts and arrivals, now and after every change to its sign-ups or check-ins, while the
 * registrations are shown.
 */
export const TEAM_EVENT_SEATS = `subscription TeamEventSeats($eventId: ID!) {
  eventSeatsChanged(eventId: $eventId) { seatsTaken waitlistLength arrived }
}`;
