/**
 * kind → Learner. The tree learners register themselves here; other learners (logistic) are added with
 * `registerLearner` at startup. Registering a kind twice is a bug and throws; asking for an unknown kind lists
 * the known ones.
 */
import { LEARNER_KINDS, type Learner, type LearnerKind } from './learner.js';
import { ModelErrors } from './errors.js';
import { gbdtLearner } from './gbdt/gbdt-learner.js';
import { forestLearner } from './forest/forest-learner.js';
import { logisticLearner } from './linear/logistic.js';

const learners = new Map<string, Learner<any>>();

export function registerLearner(l: Learner<any>): void {
  if (learners.has(l.kind)) throw ModelErrors.FW_ERR_MODEL_DUPLICATE_KIND(`a learner of kind '${l.kind}' is already registered`);
  learners.set(l.kind, l);
}

export function getLearner(kind: LearnerKind | string): Learner<any> {
  const l = learners.get(kind);
  if (!l) throw ModelErrors.FW_ERR_MODEL_UNKNOWN_KIND(`unknown learner kind '${kind}'; known: ${knownKinds().join(', ')}`, { kind });
  return l;
}

export function knownKinds(): string[] {
  return [...learners.keys()].sort();
}

// One learner per kind of LEARNER_KINDS (learner.ts); the check below keeps the list and the registrations equal.
registerLearner(gbdtLearner);
registerLearner(forestLearner);
registerLearner(logisticLearner);
for (const k of LEARNER_KINDS) if (!learners.has(k)) throw ModelErrors.FW_ERR_MODEL_UNKNOWN_KIND(`learner kind '${k}' is listed in LEARNER_KINDS but not registered`);
