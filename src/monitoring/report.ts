/**
 * The monitoring report: one offline HTML page (inline CSS and inline SVG rendered from Vega-Lite specs by
 * charts/vega-svg.ts: no scripts, no CDN) with the drift table, reference-vs-current distributions of the features
 * that moved most, drift and predictions per day, and realised performance per week next to the registration figures.
 */
import { renderVegaLiteSvg, type TopLevelSpec } from '../charts/vega-svg.js';
import { escapeHtml, htmlPage, type ReportSection } from '../charts/html-page.js';
import type { Baseline, NumericProfile } from './baseline.js';
import type { DriftResult, DriftWindow, ColumnDrift } from './drift-report.js';
import type { DayStats } from './daily.js';
import type { PerformanceResult } from './performance.js';
import { binCounts } from './drift/drift-test.js';

export interface ReportInput {
  model: string;
  version: string;
  from?: string;
  to?: string;
  baseline: Baseline;
  window: DriftWindow;
  drift: DriftResult;
  days: DayStats[];
  performance?: PerformanceResult;
  performanceNote?: string;
}

const fmt = (v: number | null | undefined, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(d));

function driftTable(rows: ColumnDrift[]): string {
  const body = rows
    .map((f) => `<tr${f.drifted ? ' class="drifted"' : ''}><td class="l">${escapeHtml(f.feature)}</td><td class="l">${f.kind}</td><td class="l">${f.test}</td><td>${fmt(f.statistic)}</td><td>${f.pValue !== undefined ? fmt(f.pValue, 4) : '–'}</td><td>${fmt(f.threshold)}</td><td class="l">${f.drifted ? '<b>DRIFT</b>' : 'ok'}</td><td>${fmt(f.psi)}</td><td class="l">${f.psiBand}</td><td>${fmt(f.missingRate.reference * 100, 1)}% / ${fmt(f.missingRate.window * 100, 1)}%</td></tr>`)
    .join('\n');
  return `<table><tr><th class="l">feature</th><th class="l">kind</th><th class="l">test</th><th>statistic</th><th>p-value</th><th>threshold</th><th class="l">verdict</th><th>PSI</th><th class="l">PSI band</th><th>missing ref / window</th></tr>\n${body}</table>`;
}

function binLabels(edges: readonly number[]): string[] {
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  return Array.from({ length: edges.length + 1 }, (_, i) => (i === 0 ? `≤ ${f(edges[0]!)}` : i === edges.length ? `> ${f(edges[i - 1]!)}` : `${f(edges[i - 1]!)} – ${f(edges[i]!)}`));
}

function distributionSpec(feature: string, values: { bin: string; order: number; source: string; share: number }[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: feature,
    width: 260,
    height: 140,
    data: { values },
    mark: 'bar',
    encoding: {
      x: { field: 'bin', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: -45, labelFontSize: 8 } },
      xOffset: { field: 'source' },
      y: { field: 'share', type: 'quantitative', title: 'share', axis: { format: '%' } },
      color: { field: 'source', type: 'nominal', title: null, scale: { domain: ['reference (train)', 'current window'], range: ['#8c959f', '#0969da'] } },
    },
  } as TopLevelSpec;
}

async function distributions(input: ReportInput, features: ColumnDrift[]): Promise<string> {
  const charts: string[] = [];
  for (const f of features) {
    const profile = input.baseline.features.find((p) => p.name === f.feature);
    const col = input.window.columns.get(f.feature);
    if (!profile || !col) continue;
    let values: { bin: string; order: number; source: string; share: number }[];
    if (profile.kind === 'numeric' && f.kind === 'numeric') {
      const p = profile as NumericProfile;
      const present = Float64Array.from(col as Float64Array).filter((x) => Number.isFinite(x));
      const counts = binCounts(present, p.edges);
      const labels = binLabels(p.edges);
      values = labels.flatMap((bin, i) => [
        { bin, order: i, source: 'reference (train)', share: p.shares[i]! },
        { bin, order: i, source: 'current window', share: present.length ? counts[i]! / present.length : 0 },
      ]);
    } else {
      const ref = profile.kind === 'categorical' ? profile.counts : {};
      const cur = new Map<string, number>();
      for (const v of Array.from(col as ArrayLike<string | number | null>)) if (v !== null && !(typeof v === "number" && Number.isNaN(v))) cur.set(String(v), (cur.get(String(v)) ?? 0) + 1);
      const keys = [...new Set([...Object.keys(ref), ...cur.keys()])].sort();
      const nr = Object.values(ref).reduce((a, b) => a + b, 0), nc = [...cur.values()].reduce((a, b) => a + b, 0);
      values = keys.flatMap((bin, i) => [
        { bin, order: i, source: 'reference (train)', share: nr ? (ref[bin] ?? 0) / nr : 0 },
        { bin, order: i, source: 'current window', share: nc ? (cur.get(bin) ?? 0) / nc : 0 },
      ]);
    }
    charts.push(`<div class="chart" data-feature="${escapeHtml(f.feature)}">${await renderVegaLiteSvg(distributionSpec(`${f.feature} (${f.test} ${fmt(f.statistic)}${f.drifted ? ', DRIFT' : ''})`, values))}</div>`);
  }
  return `<div class="charts">${charts.join('\n')}</div>`;
}

async function lineChart(title: string, values: Record<string, unknown>[], x: string, y: string, series: string, yTitle: string, rule?: { y: number; label: string }[]): Promise<string> {
  const layers: unknown[] = [{
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: x, type: 'temporal', title: null },
      y: { field: y, type: 'quantitative', title: yTitle },
      color: { field: series, type: 'nominal', title: null },
    },
  }];
  if (rule?.length) layers.push({ data: { values: rule }, mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { field: 'y', type: 'quantitative' }, color: { field: 'label', type: 'nominal', title: null } } });
  return `<div class="chart">${await renderVegaLiteSvg({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title, width: 900, height: 220, data: { values }, layer: layers } as TopLevelSpec)}</div>`;
}

export async function renderMonitorReport(input: ReportInput): Promise<string> {
  const d = input.drift;
  const ranked = [...d.features].sort((a, b) => Number(b.drifted) - Number(a.drifted) || b.psi - a.psi);
  const top = ranked.slice(0, 8);
  const verdict = d.datasetDrift
    ? `<p class="bad">Dataset drift: ${d.driftedFeatures} of ${d.totalFeatures} features drifted (threshold ${(d.share * 100).toFixed(0)} %).</p>`
    : d.driftedFeatures > 0
      ? `<p class="warn">${d.driftedFeatures} of ${d.totalFeatures} features drifted: ${ranked.filter((f) => f.drifted).map((f) => escapeHtml(f.feature)).join(', ')} (dataset drift needs ${(d.share * 100).toFixed(0)} %).</p>`
      : `<p class="ok">No feature drifted (${d.totalFeatures} compared).</p>`;
  const sections: ReportSection[] = [
    { title: 'Summary', html: `${verdict}<p>${d.rows} logged predictions of ${escapeHtml(input.model)} v${escapeHtml(input.version)}${input.from ? ` from ${escapeHtml(input.from)}` : ''}${input.to ? ` to ${escapeHtml(input.to)}` : ''}; baseline of ${input.baseline.rows} training rows (${escapeHtml(input.baseline.createdAt)}).</p>` },
    { title: 'Drift per feature', html: driftTable(ranked) + (d.prediction.length ? `<h3>Prediction drift</h3>${driftTable(d.prediction)}` : '') },
    { title: 'Reference vs current distributions (features that moved most)', html: await distributions(input, top) },
  ];
  if (input.days.length > 0) {
    const watch = new Set(top.slice(0, 5).map((f) => f.feature));
    const driftValues = input.days.flatMap((day) => day.drift.features.filter((f) => watch.has(f.feature)).map((f) => ({ day: day.day, feature: f.feature, psi: f.psi })));
    const predValues = input.days.flatMap((day) => [
      { day: day.day, what: 'alert rate', value: day.rows ? day.alerts / day.rows : 0 },
      ...(day.meanScore !== null ? [{ day: day.day, what: 'mean alert score', value: day.meanScore }] : []),
    ]);
    const flagged = input.days.filter((x) => x.drift.driftedFeatures > 0).map((x) => x.day);
    sections.push({
      title: 'Drift and predictions per day',
      html: `<p>Daily checks: ${input.days.length} days, ${flagged.length} with a drifted feature${flagged.length ? ` (first ${flagged[0]})` : ''}.</p>` +
        (await lineChart('PSI per day (features that moved most)', driftValues, 'day', 'psi', 'feature', 'PSI', [{ y: 0.1, label: 'PSI 0.1' }, { y: 0.25, label: 'PSI 0.25' }])) +
        (await lineChart('Predictions per day', predValues, 'day', 'value', 'what', 'share / score')),
    });
  }
  if (input.performance) {
    const p = input.performance;
    const values = p.weeks.flatMap((w) => [
      ...(w.eventRecall !== null ? [{ week: w.week, metric: 'event recall', value: w.eventRecall }] : []),
      ...(w.precision !== null ? [{ week: w.week, metric: 'precision', value: w.precision }] : []),
      ...(w.recall !== null ? [{ week: w.week, metric: 'recall', value: w.recall }] : []),
    ]);
    const rules = Object.entries(p.registered).filter(([, v]) => v !== undefined).map(([k, v]) => ({ y: v as number, label: `${k} at registration` }));
    const rows = p.weeks.map((w) => `<tr${w.degraded.length ? ' class="drifted"' : ''}><td class="l">${w.week}</td><td>${w.predictions}</td><td>${w.alerts}</td><td>${fmt(w.precision)}</td><td>${fmt(w.recall)}</td><td>${w.failures}</td><td>${w.caught}</td><td>${fmt(w.eventRecall)}</td><td>${fmt(w.meanLeadHours, 1)}</td><td class="l">${w.degraded.join(', ') || 'ok'}</td></tr>`).join('\n');
    sections.push({
      title: 'Realised performance per week',
      html: `<p>Predictions joined with the failures that followed (label horizon ${p.horizonHours} h); registration figures: ${Object.entries(p.registered).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || 'none recorded'}; degradation margin ${p.margin}.</p>` +
        (await lineChart('Realised performance per week', values, 'week', 'value', 'metric', 'value', rules)) +
        `<table><tr><th class="l">week</th><th>predictions</th><th>alerts</th><th>precision</th><th>recall</th><th>failures</th><th>caught</th><th>event recall</th><th>lead h</th><th class="l">degraded</th></tr>\n${rows}</table>`,
    });
  } else if (input.performanceNote) sections.push({ title: 'Realised performance per week', html: `<p class="warn">${escapeHtml(input.performanceNote)}</p>` });
  return htmlPage(`Monitoring: ${input.model} v${input.version}`, sections, `generated ${new Date().toISOString()} by forewarn monitor report`).replace('</style>', 'tr.drifted td{background:#ffebe9}\n</style>');
}
