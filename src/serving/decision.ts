/**
 * The evaluated decision rule of a registered version, applied to served probabilities, so the service alerts exactly
 * as the evaluation report measured: binary → alert when P(positive) ≥ threshold; with a "none" class → alert when
 * 1 − P(none) ≥ threshold and name the likeliest failure class. Versions without a recorded rule (model files, ONNX
 * imports) have none, and responses carry only the argmax label.
 */
export interface DecisionRule {
  threshold: number;
  /** Index of the no-failure class (multiclass event labels), or -1. */
  noneIndex: number;
  /** Index of the positive class (binary), or -1. */
  positiveIndex: number;
  policy: string;
}

export interface Decision {
  alert: boolean;
  /** The label the evaluated policy assigns: a failure class when alerting, the none/negative class otherwise. */
  label: string;
  /** The score compared with the threshold. */
  score: number;
}

/** Read the rule from a version's tags (`decision.threshold`, `decision.none_class`, `decision.positive_class`). */
export function decisionFromTags(tags: Record<string, string> | undefined, labels: readonly string[]): DecisionRule | undefined {
  if (!tags) return undefined;
  const t = Number(tags['decision.threshold']);
  if (!Number.isFinite(t)) return undefined;
  const noneIndex = tags['decision.none_class'] ? labels.indexOf(tags['decision.none_class']) : -1;
  const positiveIndex = tags['decision.positive_class'] ? labels.indexOf(tags['decision.positive_class']) : -1;
  if (noneIndex < 0 && (positiveIndex < 0 || labels.length !== 2)) return undefined;
  return { threshold: t, noneIndex, positiveIndex, policy: tags['decision.policy'] ?? 'threshold' };
}

/** Apply the rule to one row of probabilities (offset `off` in a row-major buffer of `labels.length` columns). */
export function decide(rule: DecisionRule, proba: ArrayLike<number>, labels: readonly string[], off = 0): Decision {
  const K = labels.length;
  if (rule.noneIndex >= 0) {
    const score = 1 - proba[off + rule.noneIndex]!;
    if (score < rule.threshold) return { alert: false, label: labels[rule.noneIndex]!, score };
    let best = -1;
    for (let k = 0; k < K; k++) if (k !== rule.noneIndex && (best < 0 || proba[off + k]! > proba[off + best]!)) best = k;
    return { alert: true, label: labels[best]!, score };
  }
  const score = proba[off + rule.positiveIndex]!;
  const alert = score >= rule.threshold;
  return { alert, label: labels[alert ? rule.positiveIndex : 1 - rule.positiveIndex]!, score };
}
