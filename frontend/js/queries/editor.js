// @ts-check
// The operations of the team's record forms (ui/editor.js). Each part of the team's workspace keeps its
// operations in a module of this folder; frontend/tests/checks/operations.test.mjs validates them all.

/** A Markdown text rendered as every `…Html` field renders it, for the editor's preview. */
export const MARKDOWN_PREVIEW = `query MarkdownPreview($markdown: String!) {
  markdownPreview(markdown: $markdown)
}`;
