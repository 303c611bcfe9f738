/**
 * The project's state folder (store, artifacts, cached steps, reports), relative to the project dir. Written once
 * here because config, tracking defaults and the CLI help all name it; core is the one room they all stand on.
 */
export const STATE_DIR = '.forewarn';
