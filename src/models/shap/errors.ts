import { defineErrors } from '../../core/errors.js';

export const ShapErrors = defineErrors({
  FW_ERR_SHAP_BAD_INPUT: { status: 400, exit: 2, description: 'A row or tree given to TreeSHAP does not fit (wrong length, feature index out of range, inconsistent ensemble); the message names the field and the rule.' },
});
