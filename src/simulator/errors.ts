import { defineErrors } from '../core/errors.js';

/** Error codes of the fleet simulator (src/simulator). */
export const SimErrors = defineErrors({
  FW_ERR_SIM_INVALID_OPTION: {
    status: 400,
    exit: 2,
    description: 'A simulator option (machines, days, seed, start, rate...) is missing, of the wrong type or out of range; the message names it.',
  },
  FW_ERR_SIM_TOO_LARGE: {
    status: 400,
    exit: 2,
    description: 'The requested fleet is larger than the in-memory API allows; use writeFleet / `forewarn simulate --out` (streams to disk) or fewer machines × days.',
  },
});
