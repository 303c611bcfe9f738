/**
 * Vega-Lite specs of the profile charts. Data is inline and field names are fixed (`start`, `count`, ...), so user
 * column names only ever appear as titles and values, never as field paths (where `.` or `[` would be parsed).
 */
import type { TopLevelSpec } from '../../charts/vega-svg.js';
import type { HistogramBin, EntityCoverage, TimeBucket } from './distributions.js';

const BLUE = '#4c78a8';
/** Count axis: SI suffixes ("120k") only where they help; below 10,000 plain numbers ("0.2k" reads badly). */
function countAxis(max: number): Record<string, unknown> {
  return max >= 10_000 ? { format: '~s', tickCount: 4 } : { tickCount: 4 };
}

const base = { background: 'white', config: { view: { stroke: null }, axis: { labelFontSize: 10, titleFontSize: 11 }, title: { fontSize: 12, anchor: 'start' as const } } };

export function histogramSpec(title: string, bins: HistogramBin[]): TopLevelSpec {
  // SI suffixes only for big numbers: on a 0..1 score '~s' would print "200m".
  const big = bins.some((b) => Math.abs(b.start) >= 1e4 || Math.abs(b.end) >= 1e4);
  return {
    ...base, width: 250, height: 120, title: { text: title, limit: 300 },
    data: { values: bins },
    mark: { type: 'bar', color: BLUE, binSpacing: 0 } as never,
    encoding: {
      x: { field: 'start', type: 'quantitative', bin: { binned: true }, title: null, axis: big ? { tickCount: 5, format: '~s' } : { tickCount: 5 } },
      x2: { field: 'end' },
      y: { field: 'count', type: 'quantitative', title: 'rows', axis: countAxis(Math.max(0, ...bins.map((b) => b.count))) },
    },
  } as TopLevelSpec;
}

export function topValuesSpec(title: string, values: { value: string; count: number }[], color = BLUE): TopLevelSpec {
  return {
    ...base, width: 250, height: Math.max(40, 16 * values.length), title: { text: title, limit: 320 },
    data: { values },
    mark: { type: 'bar', color },
    encoding: {
      y: { field: 'value', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 200 } },
      x: { field: 'count', type: 'quantitative', title: 'rows', axis: countAxis(Math.max(0, ...values.map((v) => v.count))) },
    },
  } as TopLevelSpec;
}

export function missingSpec(values: { column: string; pct: number }[]): TopLevelSpec {
  return {
    ...base, width: 500, height: Math.max(40, 16 * values.length), title: 'Missing values per column (%)',
    data: { values },
    mark: { type: 'bar', color: '#e45756' },
    encoding: {
      y: { field: 'column', type: 'nominal', sort: null, title: null, axis: { labelLimit: 220 } },
      x: { field: 'pct', type: 'quantitative', title: '% missing', scale: { domain: [0, Math.max(1, ...values.map((v) => v.pct))] } },
    },
  } as TopLevelSpec;
}

export function correlationSpec(columns: string[], cells: { a: string; b: string; r: number | null }[]): TopLevelSpec {
  const size = Math.min(520, Math.max(160, 34 * columns.length));
  return {
    ...base, width: size, height: size, title: 'Pearson correlation',
    data: { values: cells.map((c) => ({ ...c, label: c.r === null ? '–' : c.r.toFixed(2) })) },
    encoding: {
      x: { field: 'a', type: 'nominal', sort: columns, title: null, axis: { labelAngle: -40, labelLimit: 140 } },
      y: { field: 'b', type: 'nominal', sort: columns, title: null, axis: { labelLimit: 140 } },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'r', type: 'quantitative', scale: { scheme: 'redblue', domain: [-1, 1], reverse: true }, title: 'r' } } },
      ...(columns.length <= 16
        ? [{
          mark: { type: 'text' as const, fontSize: 10 },
          encoding: {
            text: { field: 'label', type: 'nominal' as const },
            // Light text on the dark ends of the scale, dark text in the middle.
            color: { condition: { test: 'datum.r !== null && abs(datum.r) > 0.6', value: 'white' }, value: '#1f2328' },
          },
        }]
        : []),
    ],
  } as TopLevelSpec;
}

export function rowsOverTimeSpec(column: string, unit: string, buckets: TimeBucket[]): TopLevelSpec {
  return {
    ...base, width: 700, height: 120, title: { text: `Rows per ${unit} (${column})`, limit: 700 },
    data: { values: buckets },
    mark: { type: 'area', color: BLUE, line: true, interpolate: 'step-after' } as never,
    encoding: {
      x: { field: 'start', type: 'temporal', title: null },
      y: { field: 'rows', type: 'quantitative', title: 'rows', axis: countAxis(Math.max(0, ...buckets.map((b) => b.rows))) },
    },
  } as TopLevelSpec;
}

/** First→last bar per entity; coloured by "has gaps" only for regular series, where gaps are assessed. */
export function coverageSpec(entity: string, entities: EntityCoverage[], regular = true): TopLevelSpec {
  const values = entities.map((e) => ({ ...e, first: e.first.replace(' ', 'T'), last: e.last.replace(' ', 'T'), hasGaps: e.gaps > 0 ? 'with gaps' : 'no gaps' }));
  const barHeight = Math.min(8, Math.max(2, 400 / Math.max(1, values.length)));
  return {
    ...base, width: 700, height: Math.max(40, barHeight * values.length),
    title: { text: `Time coverage per ${entity}`, limit: 700 },
    data: { values },
    mark: { type: 'bar', height: { band: 0.8 } } as never,
    encoding: {
      y: { field: 'entity', type: 'ordinal', sort: null, title: entity, axis: values.length > 40 ? { labels: false, ticks: false } : { labelLimit: 120 } },
      x: { field: 'first', type: 'temporal', title: null },
      x2: { field: 'last' },
      ...(regular
        ? { color: { field: 'hasGaps', type: 'nominal', scale: { domain: ['no gaps', 'with gaps'], range: [BLUE, '#f58518'] }, title: null } }
        : { color: { value: BLUE } }),
    },
  } as TopLevelSpec;
}
