/** Public API of the data profile report. */
export { profileTables } from './profile.js';
export type { ProfileOptions, ProfileResult, TableProfile } from './profile.js';
export { renderProfileHtml } from './report.js';
export { writeProfileReport } from './write-report.js';
export { ProfileErrors } from './errors.js';
