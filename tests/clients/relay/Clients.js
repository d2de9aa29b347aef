// The operations the client test compiles with relay-compiler and runs with Apollo Client. relay-compiler
// only reads the graphql`…` texts; this file is never executed.
/* global graphql */

graphql`
  query ClientsEventsQuery($first: Int!, $after: String) {
    events(first: $first, after: $after) @connection(key: "Clients_events") {
      totalCount
      edges {
        node {
          id
          title
        }
      }
    }
  }
`;

graphql`
  query ClientsSearchQuery($query: String!, $first: Int!, $after: String) {
    search(query: $query, first: $first, after: $after)
      @connection(key: "Clients_search", filters: ["query"]) {
      totalCount
      facets {
        field
        values {
          value
          count
        }
      }
      edges {
        kind
        node {
          ... on Node {
            id
          }
          ... on CoCreationEvent {
            title
          }
          ... on Partner {
            name
          }
          ... on PilotCase {
            title
          }
        }
      }
    }
  }
`;

graphql`
  fragment Clients_event on CoCreationEvent @refetchable(queryName: "ClientsEventRefetchQuery") {
    id
    title
    slug
  }
`;

graphql`
  query ClientsEventQuery($slug: String!) {
    event(slug: $slug) {
      ...Clients_event
    }
  }
`;

graphql`
  fragment Clients_account on Account @refetchable(queryName: "ClientsAccountRefetchQuery") {
    id
    email
    role
  }
`;

graphql`
  mutation ClientsLoginMutation($input: LoginInput!) {
    login(input: $input) {
      token
      account {
        ...Clients_account
      }
    }
  }
`;

graphql`
  query ClientsMissingQuery($slug: String!) {
    missing: event(slug: $slug) {
      id
    }
    alsoMissing: pilotCase(slug: $slug) {
      id
    }
  }
`;

graphql`
  subscription ClientsSeatsSubscription($eventId: ID!) {
    eventSeatsChanged(eventId: $eventId) {
      eventId
      seatsTaken
      seatsLeft
      waitlistLength
    }
  }
`;
