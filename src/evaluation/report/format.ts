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

/**
 * A table: `head` labels, rows of pre-escaped cell HTML. Text columns are left-aligned: the first `leftCols`
 * columns, or exactly the listed column indices.
 */
export function table(head: string[], rows: string[][], leftCols: number | number[] = 1): string {
  const isLeft = (i: number): boolean => (Array.isArray(leftCols) ? leftCols.includes(i) : i < leftCols);
  const th = head.map((h, i) => `<th${isLeft(i) ? ' class="l"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${isLeft(i) ? ' class="l"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export { escapeHtml };
