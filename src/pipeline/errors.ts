import { defineErrors } from '../core/errors.js';

export const PipelineErrors = defineErrors({
  FW_ERR_PIPELINE_UNKNOWN_STEP: { status: 400, exit: 2, description: '`forewarn run --step` got a step name (or trial index) the pipeline does not have; the message lists the steps.' },
  FW_ERR_PIPELINE_NEEDS_SHARED_STORES: { status: 400, exit: 2, description: 'A pipeline step run on its own exchanges data only through the shared stores: the store must be PostgreSQL and the artifacts S3 (or set FOREWARN_STORE_URL / FOREWARN_ARTIFACTS_URI).' },
  FW_ERR_PIPELINE_MISSING_INPUT: { status: 409, exit: 5, description: 'A step ran before the step it depends on finished for this run key (or that step failed); run the earlier step first, or check the workflow order.' },
  FW_ERR_PIPELINE_INPUT_CHANGED: { status: 409, exit: 5, description: 'The config or code a step sees differs from what the earlier steps of the same run key used (their output hash does not match); run all steps with the same forewarn.yaml and image.' },
});
