import { METRIC_IDS, METRIC_ID_LIST, isMetricId, type MetricId, type MetricValues } from './metric-ids.js';
import type { GatesConfig, GateRule } from './config.js';
import { EvalErrors } from './errors.js';
import type { GateResult, GateResults } from '../entities/registry.js';

/**
 * Quality gates: every configured condition is checked and reported (value, threshold, pass/fail), and `passed`
 * is true only when all pass. A metric that could not be computed FAILS its gate (a gate nobody can check must not
 * wave a model through). The pipeline refuses to register a model whose gates did not pass.
 */

/** The registry's GateResult (one shape end to end), with every field evaluation always fills made required. */
export interface EvaluatedGate extends GateResult {
  /** As written in the config: `min_recall`, `must_beat_baselines`, `rules[0]`. */
  name: string;
  metric: MetricId | 'beats_baselines';
  op: GateRule['op'] | '==';
  threshold: number | boolean;
  value: number | boolean | null;
  /** Why it passed or failed, in words. */
  message: string;
}

export interface GatesOutcome extends GateResults {
  gates: EvaluatedGate[];
}

function compare(v: number, op: GateRule['op'], t: number): boolean {
  switch (op) {
    case '>=': return v >= t;
    case '>': return v > t;
    case '<=': return v <= t;
    case '<': return v < t;
  }
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/** Gate list: shorthands (in metric-table order; YAML key order is not kept by the schema), then rules. must_beat_baselines is added by evaluateGates. */
export function gateRules(gates: GatesConfig): { gate: string; rule: GateRule }[] {
  const out: { gate: string; rule: GateRule }[] = [];
  const g = gates as Record<string, unknown>;
  for (const key of Object.keys(g)) {
    const m = /^(min|max)_(.+)$/.exec(key);
    if (!m || g[key] === undefined) continue;
    if (!isMetricId(m[2]!)) throw EvalErrors.FW_ERR_EVAL_UNKNOWN_METRIC(`gates.${key}: unknown metric "${m[2]}"; known: ${METRIC_ID_LIST.join(', ')}`);
    out.push({ gate: key, rule: { metric: m[2]!, op: m[1] === 'min' ? '>=' : '<=', value: g[key] as number } });
  }
  (gates.rules ?? []).forEach((rule, i) => out.push({ gate: `rules[${i}]`, rule }));
  return out;
}

export function evaluateGates(gates: GatesConfig, metrics: MetricValues, beatsBaselines: boolean | null): GatesOutcome {
  const results: EvaluatedGate[] = [];
  for (const { gate, rule } of gateRules(gates)) {
    const v = metrics[rule.metric];
    const label = METRIC_IDS[rule.metric].label;
    if (v === undefined || v === null || !Number.isFinite(v)) {
      results.push({ name: gate, metric: rule.metric, op: rule.op, threshold: rule.value, value: null, passed: false, message: `${label} could not be computed for this evaluation, so the gate cannot pass` });
      continue;
    }
    const ok = compare(v, rule.op, rule.value);
    results.push({ name: gate, metric: rule.metric, op: rule.op, threshold: rule.value, value: v, passed: ok, message: `${label} ${fmt(v)} ${ok ? 'meets' : 'fails'} ${rule.op} ${fmt(rule.value)}` });
  }
  if (gates.must_beat_baselines) {
    results.push({
      name: 'must_beat_baselines',
      metric: 'beats_baselines',
      op: '==',
      threshold: true,
      value: beatsBaselines,
      passed: beatsBaselines === true,
      message: beatsBaselines === null ? 'baselines were not computed (no training data given), so the gate cannot pass' : beatsBaselines ? 'the model beats every baseline on the primary metric' : 'the model does not beat every baseline on the primary metric',
    });
  }
  return { passed: results.every((r) => r.passed), gates: results };
}
