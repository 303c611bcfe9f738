import { STATE_DIR } from '../core/state-dir.js';
import { DEFAULT_ARTIFACTS_URI, DEFAULT_STORE_URL } from '../tracking/config.js';
/**
 * The commented starter forewarn.yaml that `forewarn init` writes. Kept as text (not generated from the schema) so
 * the comments explain each section; a test loads it through the schema so it can never drift into invalid.
 */
export function starterConfig(name: string): string {
  return `# forewarn project configuration. Paths are relative to this file.
version: 1
project:
  name: ${JSON.stringify(name)}
  seed: 42                 # every random step (simulation, splits, bootstrap) derives from this

# Where runs, metrics and the model registry live. Default: embedded SQLite in ${STATE_DIR}/.
# For a shared server: url: postgres://user@host:5432/dbname
store:
  url: ${DEFAULT_STORE_URL}

# Where artifacts (dataset snapshots, models, reports) live. A folder, or s3://bucket/prefix with endpoint/region.
artifacts:
  uri: ${DEFAULT_ARTIFACTS_URI}
`;
}
