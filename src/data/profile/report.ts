/**
 * Profile result → one self-contained HTML page (inline CSS and SVG, no scripts, no external assets). Every user
 * string (file names, column names, values) goes through escapeHtml; charts are Vega-Lite rendered to SVG.
 */
import { escapeHtml, htmlPage, type ReportSection } from '../../charts/html-page.js';
import { renderVegaLiteSvg } from '../../charts/vega-svg.js';
import { correlationSpec, coverageSpec, histogramSpec, missingSpec, rowsOverTimeSpec, topValuesSpec } from './charts.js';
import type { ProfileResult, TableProfile } from './profile.js';
import type { ColumnStats } from './column-stats.js';

const e = escapeHtml;

export function fmt(v: number | string | undefined | null): string {
  if (v === undefined || v === null) return '–';
  if (typeof v === 'string') return e(v);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return v.toExponential(3);
  return String(Number(v.toPrecision(6)));
}

function pct(n: number, d: number): string {
  if (d === 0) return '–';
  const p = (100 * n) / d;
  return p === 0 ? '0 %' : p < 0.01 ? '<0.01 %' : `${p.toFixed(2)} %`;
}

function bytes(n: number): string {
  const u = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0, x = n;
  while (x >= 1024 && i < u.length - 1) { x /= 1024; i++; }
  return `${i === 0 ? x : x.toFixed(1)} ${u[i]}`;
}

async function chart(spec: Parameters<typeof renderVegaLiteSvg>[0]): Promise<string> {
  return `<div>${await renderVegaLiteSvg(spec)}</div>`;
}

function columnsTable(t: TableProfile): string {
  const head = ['column', 'type', 'count', 'missing', 'distinct', 'min', 'max', 'mean', 'std', 'p5', 'p25', 'median', 'p75', 'p95', 'top values'];
  const row = (c: ColumnStats): string => {
    const q = c.quantiles ?? [];
    const isText = c.kind === 'string';
    const top = (c.top ?? []).slice(0, 5).map((x) => `${e(x.value)} (${fmt(x.count)})`).join(', ');
    const missing = c.missing > 0 ? `<b>${fmt(c.missing)}</b> (${pct(c.missing, t.rows)})` : '0';
    const nonFinite = c.nonFinite ? `<br><span class="warn">${fmt(c.nonFinite)} NaN/Inf</span>` : '';
    const nw = c.kind === 'temporal' ? ' style="white-space:nowrap"' : '';
    return `<tr><td class="l"><code>${e(c.name)}</code></td><td class="l">${e(c.type)}</td><td>${fmt(c.count)}${nonFinite}</td><td>${missing}</td><td>${fmt(c.distinct)}</td>`
      + `<td${nw}>${fmt(c.min)}${isText ? ' ch' : ''}</td><td${nw}>${fmt(c.max)}${isText ? ' ch' : ''}</td><td>${fmt(c.mean)}</td><td>${fmt(c.std)}</td>`
      + q.map((x) => `<td>${fmt(x)}</td>`).join('') + (q.length ? '' : '<td>–</td>'.repeat(5))
      + `<td class="l" style="min-width:240px">${top || "–"}</td></tr>`;
  };
  return `<div style="overflow-x:auto"><table style="font-size:.8em"><thead><tr>${head.map((h, i) => `<th${i < 2 || i === 14 ? ' class="l"' : ''}>${h}</th>`).join('')}</tr></thead>
<tbody>${t.columns.map(row).join('\n')}</tbody></table></div>
<p class="sub">For text columns min/max are string lengths (ch). Numeric statistics exclude NaN/±Infinity, counted separately.</p>`;
}

async function tableSections(t: TableProfile): Promise<ReportSection[]> {
  const s: ReportSection[] = [];
  const notes = t.notes.map((n) => `<p class="warn">${e(n)}</p>`).join('');
  s.push({
    title: `${t.name}: overview`,
    html: `<table><tbody>
<tr><th class="l">file</th><td class="l"><code>${e(t.file)}</code></td></tr>
<tr><th class="l">size</th><td class="l">${bytes(t.bytes)}</td></tr>
<tr><th class="l">rows</th><td class="l">${fmt(t.rows)}</td></tr>
<tr><th class="l">columns</th><td class="l">${t.columns.length}</td></tr>
<tr><th class="l">duplicate rows</th><td class="l">${fmt(t.duplicateRows)} (${pct(t.duplicateRows, t.rows)})</td></tr>
<tr><th class="l">cells missing</th><td class="l">${fmt(t.columns.reduce((a, c) => a + c.missing, 0))} (${pct(t.columns.reduce((a, c) => a + c.missing, 0), t.rows * t.columns.length)})</td></tr>
</tbody></table>${notes}`,
  });
  s.push({ title: `${t.name}: columns`, html: columnsTable(t) });

  const missing = t.columns.map((c) => ({ column: c.name, pct: t.rows ? (100 * c.missing) / t.rows : 0 }));
  s.push({
    title: `${t.name}: missing values`,
    html: missing.some((m) => m.pct > 0)
      ? `<div class="charts">${await chart(missingSpec(missing))}</div>`
      : `<p class="ok">No missing values in any of the ${t.columns.length} columns.</p>`,
  });

  const charts: string[] = [];
  for (const h of t.histograms) if (h.bins.length) charts.push(await chart(histogramSpec(h.column, h.bins)));
  for (const c of t.columns) {
    if ((c.kind === 'string' || c.kind === 'boolean') && c.top?.length) {
      const title = c.distinct > c.top.length ? `${c.name} (top ${c.top.length} of ${fmt(c.distinct)})` : c.name;
      charts.push(await chart(topValuesSpec(title, c.top)));
    }
  }
  const sampled = t.sampledRows === null ? '' : `<p class="warn">Histograms computed on a sample of ${fmt(t.sampledRows)} rows.</p>`;
  s.push({ title: `${t.name}: distributions`, html: `${sampled}<div class="charts">${charts.join('\n')}</div>` });

  if (t.label) {
    const total = t.label.counts.reduce((a, c) => a + c.count, 0);
    const rows = t.label.counts.map((c) => `<tr><td class="l">${e(c.value)}</td><td>${fmt(c.count)}</td><td>${pct(c.count, t.rows)}</td></tr>`).join('');
    const min = Math.min(...t.label.counts.map((c) => c.count));
    const max = Math.max(...t.label.counts.map((c) => c.count));
    const warn = t.label.counts.length > 1 && min / max < 0.1
      ? `<p class="warn">Imbalanced label: the rarest class has ${pct(min, max)} of the most frequent one's rows; use stratified splits and precision/recall, not accuracy.</p>` : '';
    s.push({
      title: `${t.name}: label balance (${t.label.column})`,
      html: `${warn}<div class="charts">${await chart(topValuesSpec(t.label.column, t.label.counts, '#54a24b'))}
<div><table><thead><tr><th class="l">value</th><th>rows</th><th>share</th></tr></thead><tbody>${rows}</tbody></table>
${total < t.rows ? `<p class="sub">Showing the ${t.label.counts.length} most frequent values.</p>` : ''}</div></div>`,
    });
  }

  if (t.time) {
    let html = `<div class="charts">${await chart(rowsOverTimeSpec(t.time.column, t.time.unit, t.time.buckets))}</div>`;
    if (t.coverage) {
      const cov = t.coverage;
      const shown = cov.entities.length > 200 ? [...cov.entities].sort((a, b) => b.gaps - a.gaps || a.entity.localeCompare(b.entity)).slice(0, 200) : cov.entities;
      const withGaps = cov.entities.filter((x) => x.gaps > 0).length;
      const withDup = cov.entities.filter((x) => x.duplicates > 0).length;
      // Only the interesting entities in the table: 20 with the most gaps, or 5 when none has gaps or repeats.
      const notable = cov.entities.some((x) => x.gaps > 0 || x.duplicates > 0);
      const list = [...cov.entities].sort((a, b) => b.gaps - a.gaps || b.maxGapHours - a.maxGapHours || b.duplicates - a.duplicates).slice(0, notable ? 20 : 5);
      const step = cov.stepHours === null ? '–' : fmt(cov.stepHours) + ' h';
      html += `<p>${fmt(cov.entities.length)} distinct <code>${e(cov.entity)}</code> values. `
        + (cov.regular
          ? `Regular series, typical step ${step}: ${fmt(withGaps)} entities with gaps (steps longer than 1.5 × typical), ${fmt(withDup)} with repeated timestamps.</p>`
          : `Irregular (event) table, median step ${step}: gaps are not assessed; ${fmt(withDup)} entities with several rows at the same timestamp.</p>`)
        + `<div class="charts">${await chart(coverageSpec(cov.entity, shown, cov.regular))}</div>`
        + (cov.entities.length > 200 ? `<p class="sub">Chart shows the 200 entities with the most gaps.</p>` : '')
        + `<div style="overflow-x:auto"><table><thead><tr><th class="l">${e(cov.entity)}</th><th class="l">first</th><th class="l">last</th><th>rows</th><th>gaps</th><th>longest step (h)</th><th>repeated timestamps</th></tr></thead><tbody>`
        + list.map((x) => `<tr><td class="l">${e(x.entity)}</td><td class="l">${e(x.first)}</td><td class="l">${e(x.last)}</td><td>${fmt(x.rows)}</td><td>${fmt(x.gaps)}</td><td>${fmt(x.maxGapHours)}</td><td>${fmt(x.duplicates)}</td></tr>`).join('')
        + `</tbody></table></div>${cov.entities.length > list.length ? `<p class="sub">Table shows the ${list.length} of ${fmt(cov.entities.length)} entities with the most gaps / longest steps.</p>` : ''}`;
    }
    s.push({ title: `${t.name}: time coverage (${t.time.column})`, html });
  }

  if (t.correlation) {
    s.push({
      title: `${t.name}: correlations`,
      html: `${t.sampledRows === null ? '' : `<p class="warn">Correlations computed on a sample of ${fmt(t.sampledRows)} rows.</p>`}<div class="charts">${await chart(correlationSpec(t.correlation.columns, t.correlation.cells))}</div>`,
    });
  }
  return s;
}

/** The whole report as one HTML string. */
export async function renderProfileHtml(result: ProfileResult): Promise<string> {
  const summary = `<table><thead><tr><th class="l">file</th><th>rows</th><th>columns</th><th>size</th><th>missing cells</th></tr></thead><tbody>`
    + result.tables.map((t) => `<tr><td class="l"><code>${e(t.name)}</code></td><td>${fmt(t.rows)}</td><td>${t.columns.length}</td><td>${bytes(t.bytes)}</td><td>${fmt(t.columns.reduce((a, c) => a + c.missing, 0))}</td></tr>`).join('')
    + `</tbody></table>`;
  const o = result.options;
  const opts = [o.label && `label <code>${e(o.label)}</code>`, o.time && `time <code>${e(o.time)}</code>`, o.entity && `entity <code>${e(o.entity)}</code>`].filter(Boolean).join(', ');
  const sections: ReportSection[] = [{ title: 'Files', html: summary + (opts ? `<p class="sub">Options: ${opts}.</p>` : '') }];
  for (const t of result.tables) sections.push(...(await tableSections(t)));
  return htmlPage('Data profile', sections, `forewarn data profile · ${result.tables.length} file(s) · generated ${result.generatedAt}`);
}
