import { defineErrors } from '../core/errors.js';

export const ConfigErrors = defineErrors({
  FW_ERR_CONFIG_NOT_FOUND: { status: 404, exit: 2, description: 'No forewarn.yaml in the project folder; run `forewarn init` to write a starter config.' },
  FW_ERR_CONFIG_PARSE: { status: 400, exit: 2, description: 'forewarn.yaml is not valid YAML; the message gives the line and column.' },
  FW_ERR_CONFIG_INVALID: { status: 400, exit: 2, description: 'forewarn.yaml does not match the schema; each error gives the field path, what was expected and what was found.' },
});
