import { htmlPage, type ReportSection } from '../../charts/html-page.js';
import { renderVegaLiteSvg } from '../../charts/vega-svg.js';
import { rocSpec, prSpec, confusionSpec, calibrationSpec, featureImportanceSpec, thresholdCostSpec, leadTimeSpec } from '../../charts/evaluation-charts.js';
import { METRIC_IDS, type MetricId } from '../metric-ids.js';
import type { EvaluationResult } from '../result.js';
import { escapeHtml, int, money, num, table } from './format.js';

/**
 * EvaluationResult → one self-contained HTML page (inline SVG charts, no scripts), readable offline from an
 * artifact store. Everything shown comes from the result; nothing is recomputed here, so the page and the metrics
 * JSON can never disagree.
 */

const ROW_METRICS: MetricId[] = ['accuracy', 'balanced_accuracy', 'macro_precision', 'macro_recall', 'macro_f1', 'precision', 'recall', 'f1', 'specificity', 'npv', 'roc_auc', 'pr_auc', 'detection_roc_auc', 'detection_pr_auc', 'log_loss', 'brier', 'alert_rate'];
const EVENT_METRICS: MetricId[] = ['cost_per_machine_month', 'savings_vs_run_to_failure', 'savings_vs_fixed_interval', 'event_recall', 'lead_time_median_hours'];

function isMoney(m: MetricId): boolean {
  return m === 'cost_per_machine_month' || m.startsWith('savings_');
}

function metricCell(m: MetricId, v: number | null | undefined): string {
  return isMoney(m) ? money(v) : m === 'lead_time_median_hours' ? num(v, 1) : num(v);
}

function summary(r: EvaluationResult): string {
  const gateBox = r.passed
    ? `<p class="ok"><b>Quality gates passed</b> (${r.gates.gates.length} gate${r.gates.gates.length === 1 ? '' : 's'}): this model may be registered.</p>`
    : `<p class="bad"><b>Quality gates FAILED</b>: ${r.gates.gates.filter((g) => !g.passed).map((g) => escapeHtml(g.name)).join(', ')}. Registration is blocked.</p>`;
  const verdictBox = `<p class="${r.beatsBaselines === true ? 'ok' : r.beatsBaselines === false ? 'bad' : 'warn'}">${escapeHtml(r.verdict)}</p>`;
  const t = r.threshold;
  const thr = t.threshold === null
    ? 'Decisions use the class with the highest probability (argmax); no tuned threshold.'
    : `Alert when ${escapeHtml(r.curves.scoreLabel ?? 'score')} ≥ <b>${t.threshold > 1 ? 'never (above every probability)' : t.threshold.toFixed(4)}</b>, chosen on validation by policy <code>${escapeHtml(t.policy)}</code>` +
      (t.validationRecall !== null ? ` (validation recall ${num(t.validationRecall)}, precision ${num(t.validationPrecision)}${t.costBasis ? `, cost basis: ${t.costBasis}` : ''})` : '') +
      '; applied unchanged to test.';
  const counts = r.task.classes.map((c, k) => `${escapeHtml(c)} ${int(r.task.testClassCounts[k]!)}`).join(', ');
  const keyMetrics: MetricId[] = [r.primaryMetric, ...(['macro_f1', 'balanced_accuracy', 'recall', 'precision', 'pr_auc', 'roc_auc', 'log_loss', 'cost_per_machine_month'] as MetricId[]).filter((m) => m !== r.primaryMetric)];
  const rows = keyMetrics.filter((m) => r.metrics[m] !== undefined).map((m) => [`${escapeHtml(METRIC_IDS[m].label)}${m === r.primaryMetric ? ' <b>(primary)</b>' : ''}`, metricCell(m, r.metrics[m])]);
  const warn = r.warnings.length ? `<div class="warn"><b>Warnings</b><ul>${r.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></div>` : '';
  return `${gateBox}\n${verdictBox}\n<p>${r.task.kind} task, classes: ${counts} test rows (${int(r.task.nTest)} total${r.task.nValidation !== null ? `; ${int(r.task.nValidation)} validation rows` : ''}).</p>\n<p>${thr}</p>\n${table(['metric (test)', 'value'], rows)}\n${warn}`;
}

function gatesHtml(r: EvaluationResult): string {
  if (r.gates.gates.length === 0) return '<p class="warn">No quality gates are configured (evaluation.gates), so nothing blocks registration.</p>';
  return table(['gate', 'metric', 'rule', 'value', 'result', 'why'], r.gates.gates.map((g) => [
    `<code>${escapeHtml(g.name)}</code>`,
    escapeHtml(g.metric),
    `${escapeHtml(g.op)} ${typeof g.threshold === 'number' ? String(g.threshold) : String(g.threshold)}`,
    g.value === null ? '–' : typeof g.value === 'number' ? num(g.value, 4) : String(g.value),
    g.passed ? '<b style="color:#1a7f37">pass</b>' : '<b style="color:#cf222e">FAIL</b>',
    escapeHtml(g.message),
  ]), [0, 1, 2, 5]);
}

function baselinesHtml(r: EvaluationResult): string {
  if (r.baselines.length === 0) return `<p class="warn">${escapeHtml(r.verdict)}</p>`;
  const metrics = [...ROW_METRICS, ...EVENT_METRICS].filter((m) => r.metrics[m] !== undefined);
  const head = ['metric', 'model', ...r.baselines.map((b) => `baseline: ${b.name}`)];
  const rows = metrics.map((m) => [
    `${escapeHtml(METRIC_IDS[m].label)}${m === r.primaryMetric ? ' <b>(primary)</b>' : ''}`,
    `<b>${metricCell(m, r.metrics[m])}</b>`,
    ...r.baselines.map((b) => metricCell(m, b.metrics[m])),
  ]);
  const desc = `<ul>${r.baselines.map((b) => `<li><b>${escapeHtml(b.name)}</b>: ${escapeHtml(b.description)}. ${b.beatenByModel === true ? 'Beaten by the model.' : b.beatenByModel === false ? '<b>Not beaten by the model.</b>' : 'Not comparable on the primary metric.'}</li>`).join('')}</ul>`;
  let boot = '';
  if (r.bootstrap) {
    const b = r.bootstrap;
    const pct = Math.round(b.confidence * 100);
    boot = `<p>Paired bootstrap of ${escapeHtml(METRIC_IDS[b.metric].label)} (${b.validSamples} of ${b.samples} resamples of ${b.unit === 'entity' ? 'machines' : 'rows'}): model ${pct}% interval [${num(b.model.low)}, ${num(b.model.high)}]. Difference model − baseline (positive = model better):</p>` +
      table(['baseline', `${pct}% interval of the difference`, 'share of resamples where the model is better'], b.vsBaselines.map((d) => [escapeHtml(d.name), `[${num(d.diffLow)}, ${num(d.diffHigh)}]${d.diffLow <= 0 ? ' <b>includes 0</b>' : ''}`, num(d.probModelBetter, 2)]));
  }
  return `<p class="${r.beatsBaselines === true ? 'ok' : r.beatsBaselines === false ? 'bad' : 'warn'}">${escapeHtml(r.verdict)}</p>\n${desc}\n${boot}\n${table(head, rows)}`;
}

function perClassHtml(r: EvaluationResult): string {
  return table(['class', 'support', 'predicted', 'precision', 'recall', 'F1', 'specificity', 'NPV', 'ROC-AUC (OvR)', 'AP (OvR)'], r.perClass.map((c) => [
    escapeHtml(c.class), int(c.support), int(c.predicted), num(c.precision), num(c.recall), num(c.f1), num(c.specificity), num(c.npv), num(c.rocAuc), num(c.averagePrecision),
  ]));
}

function costsHtml(r: EvaluationResult): string {
  const c = r.costs!;
  const rows = c.table.map((s) => [
    escapeHtml(s.strategy), int(s.failuresCaught), int(s.failuresMissed), int(s.maintenanceActions), int(s.falseAlarms), money(s.totalCost), money(s.costPerMachineMonth),
    `<span style="color:${s.savingsPerMachineMonth > 0 ? '#1a7f37' : s.savingsPerMachineMonth < 0 ? '#cf222e' : 'inherit'}">${money(s.savingsPerMachineMonth)}</span>`,
  ]);
  return `<p>${int(c.table[0]!.failuresMissed)} failures over ${c.machineMonths.toFixed(1)} machine-months; label horizon ${c.horizonHours} h. Costs: missed failure ${money(c.costs.missedFailure)}, planned maintenance ${money(c.costs.plannedMaintenance)}, extra per false alarm ${money(c.costs.falseAlarm)}.</p>
${table(['strategy', 'failures caught', 'missed', 'maintenance visits', 'false alarms', 'total cost', 'cost / machine-month', 'savings / machine-month vs run-to-failure'], rows)}
<p class="sub">How this is counted: alerting rows of a machine form one <i>episode</i> while alerts are within the horizon of each other (a failure ends the episode); each episode is one planned visit, plus one more per further full horizon the alerting persists. A failure is caught when the episode before it has an alert within the horizon before the failure; an episode that catches nothing is a false alarm (visit + false-alarm cost${c.censoredEpisodes ? `; ${c.censoredEpisodes} of them ran into the end of the data, where a later failure cannot be seen` : ''}). Fixed-interval: every ${c.fixedIntervalDays} days per component, calendars staggered across machines; a failure is prevented only if a visit falls within the horizon before it. Episodes are component-agnostic.</p>`;
}

function leadTimeHtml(r: EvaluationResult): string {
  const l = r.leadTime!;
  if (!l.hours) return '<p class="warn">No failure was caught, so there is no lead time to show.</p>';
  const h = l.hours;
  return table(['caught failures', 'min', 'p10', 'p25', 'median', 'p75', 'p90', 'max', 'mean'], [[int(l.count), ...[h.min, h.p10, h.p25, h.median, h.p75, h.p90, h.max, h.mean].map((v) => num(v, 1))]], 0) + '<p class="sub">Hours from the first alert of the catching episode to the failure.</p>';
}

async function charts(specs: (Parameters<typeof renderVegaLiteSvg>[0] | null)[]): Promise<string> {
  const svgs: string[] = [];
  for (const s of specs) if (s) svgs.push(`<div>${await renderVegaLiteSvg(s)}</div>`);
  return `<div class="charts">${svgs.join('\n')}</div>`;
}

export async function renderEvaluationReport(r: EvaluationResult, title = 'Model evaluation'): Promise<string> {
  const sections: ReportSection[] = [{ title: 'Summary', html: summary(r) }, { title: 'Quality gates', html: gatesHtml(r) }, { title: 'Baselines', html: baselinesHtml(r) }];
  sections.push({ title: 'Per-class metrics (test)', html: perClassHtml(r) });
  const label = r.curves.scoreLabel ?? 'score';
  const detPos = r.task.noneClass !== null ? r.task.nTest - r.task.testClassCounts[r.task.classes.indexOf(r.task.noneClass)]! : 0;
  const aucKey: MetricId = r.task.kind === 'binary' ? 'roc_auc' : 'detection_roc_auc';
  const apKey: MetricId = r.task.kind === 'binary' ? 'pr_auc' : 'detection_pr_auc';
  sections.push({
    title: 'Ranking, confusion and calibration',
    html: await charts([
      r.curves.roc ? rocSpec(r.curves.roc.x, r.curves.roc.y, r.metrics[aucKey] ?? null, label) : null,
      r.curves.pr ? prSpec(r.curves.pr.x, r.curves.pr.y, r.metrics[apKey] ?? null, detPos / r.task.nTest, label) : null,
      confusionSpec(r.confusion.classes, r.confusion.matrix),
      r.curves.calibration && r.curves.calibration.bins.length ? calibrationSpec(r.curves.calibration.bins, label, r.curves.calibration.ece) : null,
    ]),
  });
  if (r.costs) {
    const refs = r.costs.table.filter((s) => s.strategy === 'run_to_failure' || s.strategy === 'fixed_interval').map((s) => ({ label: `${s.strategy.replace(/_/g, ' ')} ${money(s.costPerMachineMonth)}`, cost: s.costPerMachineMonth }));
    sections.push({ title: 'Expected maintenance cost', html: costsHtml(r) + (await charts([thresholdCostSpec(r.costs.sweep, r.threshold.threshold, refs, 'cost per machine-month')])) });
  } else if (r.rowCostSweep.length) {
    sections.push({
      title: 'Cost vs threshold (per-row proxy)',
      html: '<p class="warn">No failure events were given, so costs are a per-row proxy (each row is priced as if it were one decision); use them to compare thresholds, not as money.</p>' +
        (await charts([thresholdCostSpec(r.rowCostSweep, r.threshold.threshold, [], 'proxy cost per 1000 rows')])),
    });
  }
  if (r.leadTime) {
    sections.push({ title: 'Alert lead time', html: leadTimeHtml(r) + (r.leadTime.histogram.length ? await charts([leadTimeSpec(r.leadTime.histogram, r.leadTime.hours?.median ?? null)]) : '') });
  }
  if (r.featureImportance.length) sections.push({ title: 'Feature importance', html: await charts([featureImportanceSpec(r.featureImportance)]) });
  const metaLine = Object.entries(r.meta).map(([k, v]) => `${k}: ${v}`).join(' · ');
  return htmlPage(title, sections, metaLine);
}
