import { defineErrors } from '../core/errors.js';

/** Error codes of the data layer (ingest, contracts, validation, snapshots). */
export const DataErrors = defineErrors({
  FW_ERR_DATA_MALFORMED_CSV: { status: 400, exit: 2, description: 'A CSV file cannot be parsed (ragged row, unbalanced quote, bad header, wrong delimiter, over-long line); the message names the file and the physical line.' },
  FW_ERR_DATA_EMPTY_FILE: { status: 400, exit: 2, description: 'A data file is empty or has a header but no data rows; the message names the file.' },
  FW_ERR_DATA_ENCODING: { status: 400, exit: 2, description: 'A data file is not valid UTF-8; the message names the file, the line and the byte offset. Re-save it as UTF-8.' },
  FW_ERR_DATA_HEADER_MISMATCH: { status: 400, exit: 2, description: "A file's header does not match its contract (missing or unexpected columns); the message lists them." },
  FW_ERR_DATA_CONTRACT_INVALID: { status: 400, exit: 2, description: 'A data contract does not match the contract schema; each error gives the field path, what was expected and what was found.' },
  FW_ERR_DATA_CONTRACT_UNKNOWN: { status: 404, exit: 4, description: 'No ready-made contract has that name and no contract file exists at that path; the message lists the known names.' },
  FW_ERR_DATA_FILE_NOT_FOUND: { status: 404, exit: 4, description: 'A table path in forewarn.yaml (or on the command line) does not exist.' },
  FW_ERR_DATA_TABLE_UNKNOWN: { status: 404, exit: 4, description: 'The named table is not declared under data.tables in forewarn.yaml; the message lists the declared ones.' },
  FW_ERR_DATA_NO_TABLES: { status: 400, exit: 2, description: 'forewarn.yaml has no data.tables section; declare at least one table (path + contract).' },
  FW_ERR_DATA_QUARANTINE_THRESHOLD: { status: 422, exit: 3, description: 'More rows failed validation than data.maxQuarantineFraction allows; see the validation report and quarantine files.' },
  FW_ERR_DATA_SNAPSHOT_NOT_FOUND: { status: 404, exit: 4, description: 'No dataset snapshot with that hash exists under the state folder; run `forewarn data ingest`.' },
  FW_ERR_DATA_SNAPSHOT_CORRUPT: { status: 500, exit: 1, description: "A snapshot's manifest or Parquet files are missing or do not match; re-run `forewarn data ingest`." },
});
