/**
 * Dataset suite for the simulator and the profile report: simulated files have the real Azure PdM headers and row
 * shapes, simulated telemetry resembles the real subset, and the profile report reads every real file. The data
 * folder is `../shared/datasets` relative to the repo root, or FOREWARN_DATASETS; skipped loudly when
 * neither exists. Run with `npm run test:datasets`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFleet } from '../../src/simulator/index.js';
import { profileTables, renderProfileHtml } from '../../src/data/profile/index.js';
import { escapeHtml } from '../../src/charts/html-page.js';
import { datasetsCandidates, datasetsDir } from '../support/datasets-dir.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const candidates = datasetsCandidates(repoRoot);
const DATA = candidates.find((p) => existsSync(join(p, 'README.md')));
if (!DATA) console.error(`\n!!! simulator dataset suite SKIPPED: no datasets folder at ${candidates.join(' or ')} !!!\n`);
const skip = DATA ? false : 'datasets folder not found';

const REAL: Record<string, string> = {
  'PdM_telemetry.csv': 'azure-pdm/PdM_telemetry.format-sample.csv',
  'PdM_errors.csv': 'azure-pdm/PdM_errors.csv',
  'PdM_maint.csv': 'azure-pdm/PdM_maint.csv',
  'PdM_failures.csv': 'azure-pdm/PdM_failures.csv',
  'PdM_machines.csv': 'azure-pdm/PdM_machines.csv',
};
const lines = async (p: string) => (await readFile(p, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
/** Row shape: numbers → N, so `2015-01-05 06:00:00,1,"comp4"` → `N-N-N N:N:N,N,"compN"`. */
const shape = (l: string) => l.replace(/-?\d+(\.\d+)?(e-?\d+)?/g, 'N');

test('simulated files have the real Azure PdM headers and row shapes', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-simds-'));
  try {
    await writeFleet({ machines: 10, days: 40, seed: 5 }, dir);
    for (const [sim, real] of Object.entries(REAL)) {
      const a = await lines(join(dir, sim));
      const b = await lines(join(DATA!, real));
      assert.equal(a[0], b[0], `${sim} header`);
      assert.equal(shape(a[1]!), shape(b[1]!), `${sim} row shape`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('simulated telemetry resembles the real subset (sensor means within 2 %, spreads within 15 %)', { skip }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-simds-'));
  try {
    const r = await writeFleet({ machines: 20, days: 90, seed: 8 }, dir);
    const [sim, real] = await Promise.all([
      profileTables([r.files.telemetry]),
      profileTables([join(DATA!, 'azure-pdm/PdM_telemetry.subset-m001-020-2015Q1.csv')]),
    ]);
    for (const col of ['volt', 'rotate', 'pressure', 'vibration']) {
      const s = sim.tables[0]!.columns.find((c) => c.name === col)!;
      const t = real.tables[0]!.columns.find((c) => c.name === col)!;
      assert.ok(Math.abs(s.mean! / t.mean! - 1) < 0.02, `${col} mean ${s.mean} vs real ${t.mean}`);
      assert.ok(Math.abs(s.std! / t.std! - 1) < 0.15, `${col} std ${s.std} vs real ${t.std}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the profile report reads every real CSV and names all their columns', { skip }, async () => {
  const files = [
    'azure-pdm/PdM_errors.csv', 'azure-pdm/PdM_failures.csv', 'azure-pdm/PdM_machines.csv', 'azure-pdm/PdM_maint.csv',
    'azure-pdm/PdM_telemetry.subset-m001-020-2015Q1.csv', 'machine-downtime/Machine_downtime.csv',
    'intelligent-manufacturing/RawData.excel-export-sample.csv', 'iris/iris.csv',
  ].map((f) => join(DATA!, f));
  const r = await profileTables(files, { time: 'datetime', entity: 'machineID' });
  const html = await renderProfileHtml(r);
  assert.equal(r.tables.length, files.length);
  assert.equal(r.tables.find((t) => t.name === 'PdM_failures.csv')!.rows, 761);
  assert.equal(r.tables.find((t) => t.name === 'Machine_downtime.csv')!.columns.reduce((a, c) => a + c.missing, 0), 143);
  for (const t of r.tables) for (const c of t.columns) assert.ok(html.includes(escapeHtml(c.name)), `${t.name}: ${c.name}`);
});
