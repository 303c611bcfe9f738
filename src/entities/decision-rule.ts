/**
 * The alert decision rule: how a model's probabilities become an alert and a label. One rule, one pure `decide()`,
 * used by evaluation (to measure it), serving (to apply it) and streaming (per-machine alerts), so the service alerts
 * exactly as the evaluation report promised.
 *
 * - binary: alert when P(positive) ≥ threshold;
 * - with a none (no-failure) class: alert when 1 − P(none) ≥ threshold (clamped to [0, 1] against float noise), and
 *   the label is the likeliest failure class (ties → the lower index);
 * - no threshold (multiclass without a none class, or policy argmax): no alert notion; callers use argmax.
 */

/** As stored with a model version: in class names, so it does not depend on the order of the served labels. */
export interface DecisionRule {
  /** How the threshold was chosen (`min_cost`, `max_f1`, `fixed`, `argmax`...). */
  policy: string;
  /** Null: argmax, no alerts. */
  threshold: number | null;
  noneClass: string | null;
  /** Binary tasks: the class that alerts. */
  positiveClass: string | null;
}

/** A rule bound to a label order, ready for `decide`. */
export interface BoundDecisionRule {
  threshold: number;
  /** Index of the no-failure class. */
  negIndex: number;
  /** Binary: the positive class index (the score is P(positive)); null: the score is 1 − P(none). */
  posIndex: number | null;
  policy: string;
}

export interface Decision {
  alert: boolean;
  /** The class the rule assigns: a failure class when alerting, the none/negative class otherwise. */
  classIndex: number;
  /** The score compared with the threshold. */
  score: number;
}

/**
 * Bind a rule to the model's labels; null when it does not apply (no threshold, or its classes are not among the
 * labels). Binary: the negative class is the none class when named, else the class that is not positive.
 */
export function bindDecisionRule(rule: DecisionRule | null | undefined, labels: readonly string[]): BoundDecisionRule | null {
  if (!rule || rule.threshold === null || !Number.isFinite(rule.threshold)) return null;
  const none = rule.noneClass ? labels.indexOf(rule.noneClass) : -1;
  const pos = rule.positiveClass ? labels.indexOf(rule.positiveClass) : -1;
  if (labels.length === 2) {
    const neg = none >= 0 ? none : pos >= 0 ? 1 - pos : -1;
    return neg < 0 ? null : { threshold: rule.threshold, negIndex: neg, posIndex: 1 - neg, policy: rule.policy };
  }
  return none < 0 ? null : { threshold: rule.threshold, negIndex: none, posIndex: null, policy: rule.policy };
}

/** The alert score of one row of probabilities (offset `off` in a row-major buffer). */
export function alertScore(rule: Pick<BoundDecisionRule, 'negIndex' | 'posIndex'>, proba: ArrayLike<number>, off = 0): number {
  if (rule.posIndex !== null) return proba[off + rule.posIndex]!;
  return Math.min(1, Math.max(0, 1 - proba[off + rule.negIndex]!));
}

/** Apply the rule to one row of `K` probabilities at offset `off`. Pure; allocation-free apart from the result. */
export function decide(rule: BoundDecisionRule, proba: ArrayLike<number>, K: number, off = 0): Decision {
  const score = alertScore(rule, proba, off);
  if (!(score >= rule.threshold)) return { alert: false, classIndex: rule.negIndex, score };
  let best = -1;
  for (let k = 0; k < K; k++) if (k !== rule.negIndex && (best < 0 || proba[off + k]! > proba[off + best]!)) best = k;
  return { alert: true, classIndex: best, score };
}

/**
 * Versions registered before the rule was a typed field carried it as `decision.*` tags. Read them as a fallback
 * (the version's info says so); null when the tags hold no usable rule.
 */
export function decisionRuleFromTags(tags: Record<string, string> | undefined): DecisionRule | null {
  if (!tags) return null;
  const t = Number(tags['decision.threshold']);
  if (!Number.isFinite(t) || tags['decision.threshold'] === undefined) return null;
  return { policy: tags['decision.policy'] ?? 'threshold', threshold: t, noneClass: tags['decision.none_class'] ?? null, positiveClass: tags['decision.positive_class'] ?? null };
}
