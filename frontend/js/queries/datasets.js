// @ts-check
// The operations of the team's dataset catalogue (pages/team/datasets.js): the list, the form and saving.

/** Everything a dataset's form shows and saves. */
const DATASET_FIELDS = `fragment DatasetFormFields on Dataset {
  id slug title publisher url licence theme updatedAt
}`;

/** A page of datasets for the team's list. */
export const DATASET_ROWS = `query DatasetRows($after: String) {
  datasets(orderBy: { field: TITLE, direction: ASC }, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id slug title publisher licence theme }
  }
}`;

/** One dataset, by its slug, with what uses it. */
export const DATASET_FORM = `query DatasetForm($slug: String!) {
  dataset(slug: $slug) { ...DatasetFormFields pilotCases { slug title } successStories { slug title } }
}
${DATASET_FIELDS}`;

/** Adds a dataset to the catalogue. */
export const SAVE_NEW_DATASET = `mutation SaveNewDataset($input: CreateDatasetInput!) {
  createDataset(input: $input) { dataset { ...DatasetFormFields } }
}
${DATASET_FIELDS}`;

/** Saves the changed fields of a dataset. */
export const SAVE_DATASET = `mutation SaveDataset($input: UpdateDatasetInput!) {
  updateDataset(input: $input) { dataset { ...DatasetFormFields } }
}
${DATASET_FIELDS}`;
