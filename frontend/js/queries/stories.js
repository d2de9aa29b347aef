// @ts-check
// The operations of the team's success stories (pages/team/stories.js): the list of stories the team
// manages, the story's form with the records it may link, saving, and its status moves.

/** Everything a story's form shows and saves, in the shape of its update input. */
const STORY_FIELDS = `fragment StoryFormFields on SuccessStory {
  id slug title summary body status nextStatuses publishedAt city updatedAt
  pilotCase { id } valueDomain { id }
  impactFigures { label value }
  partners { id name status } datasets { id }
}`;

/** A page of stories for the team's list (drafts and stories in review included). */
export const STORY_ROWS = `query StoryRows($filter: SuccessStoryFilter, $after: String) {
  successStories(filter: $filter, orderBy: { field: UPDATED_AT, direction: DESC }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id slug title status city updatedAt pilotCase { title } }
  }
}`;

/**
 * A story's form: the story itself when `existing` (by its slug), and the records it may link: pilot cases,
 * value domains, approved partners and datasets.
 */
export const STORY_FORM = `query StoryForm($slug: String!, $existing: Boolean!) {
  successStory(slug: $slug) @include(if: $existing) { ...StoryFormFields }
  pilotCases(orderBy: { field: TITLE, direction: ASC }, first: 100) { nodes { id title cities } }
  valueDomains(orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name } }
  partners(filter: { status: [APPROVED] }, orderBy: { field: NAME, direction: ASC }, first: 100) { nodes { id name status } }
  datasets(orderBy: { field: TITLE, direction: ASC }, first: 100) { nodes { id title publisher } }
}
${STORY_FIELDS}`;

/** Creates a story (a draft). */
export const SAVE_NEW_STORY = `mutation SaveNewStory($input: CreateSuccessStoryInput!) {
  createSuccessStory(input: $input) { successStory { ...StoryFormFields } }
}
${STORY_FIELDS}`;

/** Saves the changed fields of a story. */
export const SAVE_STORY = `mutation SaveStory($input: UpdateSuccessStoryInput!) {
  updateSuccessStory(input: $input) { successStory { ...StoryFormFields } }
}
${STORY_FIELDS}`;

/** Moves a story along its lifecycle (to review, published, back to draft). */
export const MOVE_STORY = `mutation MoveStory($id: ID!, $read: DateTime!, $status: StoryStatus!) {
  setSuccessStoryStatus(input: { id: $id, expectedUpdatedAt: $read, status: $status }) { successStory { ...StoryFormFields } }
}
${STORY_FIELDS}`;
