import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FwError } from '../../core/errors.js';
import { evaluate } from '../evaluate.js';
import { defaultEvaluationConfig } from '../config.js';
import { fixtureInput } from '../test-fixtures.js';
import { renderEvaluationReport } from './render.js';
import { writeEvaluationJson, readEvaluationJson, writeEvaluationReport } from '../io.js';

const cfg = defaultEvaluationConfig({ primaryMetric: 'pr_auc', gates: { must_beat_baselines: true } });

test('the report is one self-contained page with every chart and table, and escapes user strings', async () => {
  const input = fixtureInput({ seed: 11, machines: 4, days: 40, skill: 0.8 }, cfg);
  input.meta = { model: '<script>alert(1)</script>' };
  const html = await renderEvaluationReport(evaluate(input));
  assert.match(html, /^<!doctype html>/);
  assert.ok(!/<script/i.test(html), 'no scripts, and the user string is escaped');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(!/(src|href)="https?:/.test(html), 'no external assets');
  for (const h of ['Summary', 'Quality gates', 'Baselines', 'Per-class metrics (test)', 'Ranking, confusion and calibration', 'Expected maintenance cost', 'Alert lead time', 'Feature importance']) {
    assert.ok(html.includes(`<h2>${h}</h2>`), `section ${h}`);
  }
  // ROC, PR, confusion, calibration, cost-vs-threshold, lead-time histogram, feature importance.
  assert.equal((html.match(/<svg/g) ?? []).length, 7);
  assert.match(html, /The model beats every baseline|does NOT beat/);
  assert.match(html, /run_to_failure/);
});

test('metrics JSON round-trips through the file; foreign files are refused with the field named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-eval-'));
  try {
    const r = evaluate(fixtureInput({ seed: 12, machines: 3, days: 30 }, cfg));
    const p = join(dir, 'metrics.json');
    await writeEvaluationJson(p, r);
    assert.deepEqual(await readEvaluationJson(p), r);
    await writeEvaluationReport(join(dir, 'r.html'), r);
    assert.match(await readFile(join(dir, 'r.html'), 'utf8'), /<svg/);
    await writeFile(join(dir, 'bad.json'), '{"format":"other"}');
    await assert.rejects(readEvaluationJson(join(dir, 'bad.json')), (e: unknown) => e instanceof FwError && e.code === 'FW_ERR_EVAL_BAD_RESULT' && /bad\.json: field "format"/.test(e.message));
    await writeFile(join(dir, 'trunc.json'), '{"format":');
    await assert.rejects(readEvaluationJson(join(dir, 'trunc.json')), (e: unknown) => e instanceof FwError && /not valid JSON/.test(e.message));
    await assert.rejects(readEvaluationJson(join(dir, 'missing.json')), (e: unknown) => e instanceof FwError && e.code === 'FW_ERR_CORE_NOT_FOUND');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
