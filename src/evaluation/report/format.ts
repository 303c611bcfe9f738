import { escapeHtml } from '../../charts/html-page.js';

/** Small HTML helpers for the evaluation report tables. */

export function num(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '<span title="not computable">–</span>';
  return v.toFixed(digits);
}

export function money(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return Math.round(v).toLocaleString('en-US');
}

export function int(v: number): string {
  return v.toLocaleString('en-US');
}

/** A table: `head` labels, rows of pre-escaped cell HTML; the first `leftCols` columns are left-aligned text. */
export function table(head: string[], rows: string[][], leftCols = 1): string {
  const th = head.map((h, i) => `<th${i < leftCols ? ' class="l"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i < leftCols ? ' class="l"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export { escapeHtml };
