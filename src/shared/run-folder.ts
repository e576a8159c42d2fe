/**
 * The private folder `fedivault run` makes for a command's config files (toot's config.json):
 * named `fedivault-run-XXXXXX` and holding this marker, so that the app, when a run key's hold
 * ends without the CLI cleaning up (it was killed), removes that folder and nothing else.
 */
export const runFolderPrefix = 'fedivault-run-'
export const runFolderMarker = '.fedivault-run'
