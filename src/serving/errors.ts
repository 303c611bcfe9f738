/** The service's error codes live with the model-holding half (src/inference/), which raises most of them. */
export { ServingErrors } from '../inference/errors.js';
