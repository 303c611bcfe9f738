import type { ProjectValidation, TableResult } from './project.js';

/** Human-readable validation summary for the terminal: reconciliation first, then rule counts and examples. */
export function formatValidation(v: ProjectValidation, maxExamples = 10): string {
  const out: string[] = [];
  for (const t of v.tables) out.push(...formatTable(t, maxExamples, v.maxQuarantineFraction), '');
  out.push(`total: ${v.rows} rows = ${v.accepted} accepted + ${v.quarantined} quarantined${v.passed ? '' : '  — FAILED (quarantine above threshold)'}`);
  if (v.reportPath) out.push(`report: ${v.reportPath}`);
  return out.join('\n');
}

function formatTable(t: TableResult, maxExamples: number, max: number): string[] {
  const pct = (100 * t.quarantineFraction).toFixed(2);
  const lines = [
    `table ${t.table} (${t.file}) — contract ${t.contractName ?? '(inline)'}`,
    `  ${t.rows} rows = ${t.accepted} accepted + ${t.quarantined} quarantined (${pct}%, limit ${(100 * max).toFixed(2)}%) ${t.passed ? 'ok' : 'FAILED'}`,
  ];
  if (t.warnedRows) lines.push(`  ${t.warnedRows} accepted rows carry warnings (outside plausible bands)`);
  if (t.droppedColumns.length) lines.push(`  dropped columns not in the contract: ${t.droppedColumns.join(', ')}`);
  const f = t.format;
  const quirks = [f.bom ? 'BOM' : '', f.crlf && f.lf ? `mixed line endings (${f.crlf} CRLF, ${f.lf} LF)` : f.crlf ? 'CRLF' : '', f.blankLines ? `${f.blankLines} blank lines skipped` : ''].filter(Boolean);
  if (quirks.length) lines.push(`  format: ${quirks.join(', ')}`);
  if (t.counts.length) {
    lines.push('  violations by rule:');
    for (const c of t.counts) lines.push(`    ${c.severity === 'error' ? 'error  ' : 'warning'} ${c.column} ${c.rule}: ${c.count} (expected ${c.expected})`);
    const shown = t.examples.slice(0, maxExamples);
    lines.push(`  first ${shown.length} of ${t.errorCount + t.warningCount}:`);
    for (const e of shown) lines.push(`    line ${e.line} ${e.column} = ${e.value === null ? '(empty)' : JSON.stringify(e.value)}: ${e.rule} (expected ${e.expected})`);
  }
  if (t.health) {
    const h = t.health;
    lines.push(`  time series (${h.timeColumn}${h.entityColumn ? ` per ${h.entityColumn}` : ''}${h.frequency ? `, every ${h.frequency}` : ''}): ${h.entities} entities, ${h.first} → ${h.last}`);
    lines.push(`    gaps ${h.gaps}${h.frequency ? ` (${h.missingIntervals} missing intervals)` : ''}, off-grid ${h.offGrid}, duplicate (entity, time) ${h.duplicates}, out of order ${h.outOfOrder}`);
    for (const g of h.gapExamples.slice(0, 5)) lines.push(`    gap: ${h.entityColumn ?? ''} ${g.entity ?? ''} ${g.after} → ${g.before} (${g.missing} missing)`);
  }
  if (t.files) lines.push(`  quarantine: ${t.files.quarantine}`, `  violations: ${t.files.violations}`);
  return lines;
}
