/** Any forewarn Model → ONNX bytes: tree ensembles via TreeEnsembleClassifier, logistic via standard operators. */
import type { Model } from '../learner.js';
import { exportTreeEnsemble } from './tree-ensemble-export.js';
import { treeEnsembleOf } from './tree-ensemble.js';
import { exportLogistic } from './logistic-export.js';
import { LogisticModel } from '../linear/logistic-model.js';
import { OnnxErrors } from './errors.js';

export function exportModelToOnnx(model: Model): Uint8Array {
  if (model.kind === 'logistic') {
    if (!(model instanceof LogisticModel)) throw OnnxErrors.FW_ERR_ONNX_UNSUPPORTED('a logistic model must be a LogisticModel to be exported');
    return exportLogistic(model);
  }
  return exportTreeEnsemble(treeEnsembleOf(model), { features: model.features, classes: model.classes });
}
