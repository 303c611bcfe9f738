import type { TopLevelSpec } from './vega-svg.js';

/**
 * Vega-Lite specs for the evaluation report. Pure builders (data in, spec out) so they are testable without
 * rendering; rendering goes through renderVegaLiteSvg. Inline data only. Sizes suit a two-column report page.
 */

const W = 360;
const H = 280;
const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: W, height: H, background: 'white' } as const;

function round(v: number, d = 4): number {
  return Math.round(v * 10 ** d) / 10 ** d;
}

export function rocSpec(fpr: number[], tpr: number[], auc: number | null, scoreLabel: string): TopLevelSpec {
  return {
    ...base,
    title: { text: `ROC curve (AUC ${auc === null ? 'n/a' : auc.toFixed(3)})`, subtitle: `score: ${scoreLabel}` },
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: fpr.map((x, i) => ({ fpr: round(x), tpr: round(tpr[i]!) })) },
        mark: { type: 'line', color: '#0969da', interpolate: 'step-after' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true positive rate (recall)', scale: { domain: [0, 1] } },
        },
      },
    ],
  } as TopLevelSpec;
}

export function prSpec(recall: number[], precision: number[], ap: number | null, prevalence: number, scoreLabel: string): TopLevelSpec {
  return {
    ...base,
    title: { text: `Precision-recall (AP ${ap === null ? 'n/a' : ap.toFixed(3)})`, subtitle: `score: ${scoreLabel}; dashed = prevalence ${prevalence.toFixed(3)} (no skill)` },
    layer: [
      { data: { values: [{ x: 0, y: prevalence }, { x: 1, y: prevalence }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: recall.map((r, i) => ({ recall: round(r), precision: round(precision[i]!) })) },
        mark: { type: 'line', color: '#8250df', interpolate: 'step-before' },
        encoding: {
          x: { field: 'recall', type: 'quantitative', title: 'recall', scale: { domain: [0, 1] } },
          y: { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } },
        },
      },
    ],
  } as TopLevelSpec;
}

export function confusionSpec(classes: string[], matrix: number[][]): TopLevelSpec {
  const values: { actual: string; predicted: string; count: number; rowShare: number }[] = [];
  matrix.forEach((row, t) => {
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => values.push({ actual: classes[t]!, predicted: classes[p]!, count, rowShare: total ? round(count / total, 3) : 0 }));
  });
  const side = Math.min(360, Math.max(160, classes.length * 70));
  return {
    ...base,
    width: side,
    height: side,
    title: { text: 'Confusion matrix (test)', subtitle: 'colour = share of the actual class; numbers = row counts' },
    data: { values },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: classes, title: 'predicted', axis: { labelAngle: 0 } },
      y: { field: 'actual', type: 'nominal', sort: classes, title: 'actual' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'rowShare', type: 'quantitative', scale: { scheme: 'blues', domain: [0, 1] }, title: 'share of row' } } },
      {
        mark: { type: 'text', fontSize: 13 },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: { test: 'datum.rowShare > 0.5', value: 'white' }, value: 'black' },
        },
      },
    ],
  } as TopLevelSpec;
}

export function calibrationSpec(bins: { meanPredicted: number; observedRate: number; count: number }[], scoreLabel: string, ece: number): TopLevelSpec {
  return {
    ...base,
    title: { text: `Calibration (ECE ${ece.toFixed(3)})`, subtitle: `${scoreLabel}; dot size = rows in bin; dashed = perfect` },
    layer: [
      { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#999' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: bins.map((b) => ({ predicted: round(b.meanPredicted), observed: round(b.observedRate), rows: b.count })) },
        layer: [
          { mark: { type: 'line', color: '#1a7f37' } },
          { mark: { type: 'circle', color: '#1a7f37', opacity: 0.8 }, encoding: { size: { field: 'rows', type: 'quantitative', title: 'rows', scale: { type: 'sqrt' } } } },
        ],
        encoding: {
          x: { field: 'predicted', type: 'quantitative', title: 'mean predicted probability', scale: { domain: [0, 1] } },
          y: { field: 'observed', type: 'quantitative', title: 'observed frequency', scale: { domain: [0, 1] } },
        },
      },
    ],
  } as TopLevelSpec;
}

export function featureImportanceSpec(items: { name: string; gain: number }[], top = 20): TopLevelSpec {
  const values = items.slice(0, top).map((f) => ({ feature: f.name, gain: round(f.gain, 5) }));
  return {
    ...base,
    width: 420,
    height: Math.max(60, values.length * 18),
    title: { text: `Feature importance (top ${values.length}, by gain)` },
    data: { values },
    mark: { type: 'bar', color: '#0969da' },
    encoding: {
      y: { field: 'feature', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220 } },
      x: { field: 'gain', type: 'quantitative', title: 'share of total gain' },
    },
  } as TopLevelSpec;
}

export function thresholdCostSpec(points: { threshold: number; cost: number; set: string }[], chosen: number | null, references: { label: string; cost: number }[], unit: string): TopLevelSpec {
  const layers: unknown[] = [
    {
      data: { values: points.map((p) => ({ threshold: round(p.threshold), cost: round(p.cost, 2), set: p.set })) },
      mark: { type: 'line', point: { size: 18 } },
      encoding: {
        x: { field: 'threshold', type: 'quantitative', title: 'alert threshold', scale: { domain: [0, 1] } },
        y: { field: 'cost', type: 'quantitative', title: unit },
        color: { field: 'set', type: 'nominal', title: 'data', scale: { domain: ['validation', 'test'], range: ['#bf8700', '#0969da'] } },
      },
    },
  ];
  if (references.length) {
    layers.push({
      data: { values: references.map((r) => ({ label: r.label, cost: round(r.cost, 2) })) },
      layer: [
        { mark: { type: 'rule', strokeDash: [6, 3], color: '#cf222e' } },
        { mark: { type: 'text', align: 'center', dy: -6, color: '#cf222e', fontSize: 10 }, encoding: { x: { datum: 0.5, type: 'quantitative' }, text: { field: 'label', type: 'nominal' } } },
      ],
      encoding: { y: { field: 'cost', type: 'quantitative' } },
    });
  }
  if (chosen !== null && chosen <= 1) {
    layers.push({ data: { values: [{ t: round(chosen) }] }, mark: { type: 'rule', color: '#1f2328', strokeWidth: 2 }, encoding: { x: { field: 't', type: 'quantitative' } } });
  }
  return {
    ...base,
    width: 460,
    title: { text: 'Cost vs alert threshold', subtitle: `black line = chosen threshold (from validation)${references.length ? '; red dashed = strategies without a model' : ''}` },
    layer: layers,
  } as TopLevelSpec;
}

export function leadTimeSpec(hist: { from: number; to: number; count: number }[], medianHours: number | null): TopLevelSpec {
  return {
    ...base,
    title: { text: 'Alert lead time (caught failures)', subtitle: `hours from the first alert of the episode to the failure${medianHours === null ? '' : `; median ${medianHours.toFixed(1)} h`}` },
    data: { values: hist.map((b) => ({ from: round(b.from, 2), to: round(b.to, 2), count: b.count })) },
    mark: { type: 'bar', color: '#bf3989' },
    encoding: {
      x: { field: 'from', type: 'quantitative', bin: { binned: true }, title: 'lead time (hours)' },
      x2: { field: 'to' },
      y: { field: 'count', type: 'quantitative', title: 'failures' },
    },
  } as TopLevelSpec;
}
