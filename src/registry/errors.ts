import { defineErrors } from '../core/errors.js';

export const RegistryErrors = defineErrors({
  FW_ERR_REGISTRY_INVALID: { status: 400, exit: 2, description: 'A registry call got a bad value (model name, version number, alias name, missing actor/reason, malformed gates or signature); the message names the field and the rule.' },
  FW_ERR_REGISTRY_MODEL_NOT_FOUND: { status: 404, exit: 4, description: 'No registered model with that name; the message lists the existing ones.' },
  FW_ERR_REGISTRY_VERSION_NOT_FOUND: { status: 404, exit: 4, description: 'The model has no such version; the message lists its versions.' },
  FW_ERR_REGISTRY_ALIAS_NOT_FOUND: { status: 404, exit: 4, description: 'The model has no such alias; the message lists its aliases.' },
  FW_ERR_REGISTRY_CONFLICT: { status: 409, exit: 5, description: 'The change conflicts with the current state (model exists, version already approved/rejected, alias has no previous target, rejected version still holds an alias).' },
  FW_ERR_REGISTRY_NOT_ELIGIBLE: { status: 409, exit: 5, description: 'The version may not take a protected alias (production): it must be Approved and have passed its gates. Use force with a reason to override (audited).' },
});
