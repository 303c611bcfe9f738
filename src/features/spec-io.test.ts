import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuck } from '../data/duckdb.js';
import { featuresSection, labelSection } from './config.js';
import { resolveFeatureSpec } from './resolve.js';
import { featureSpecHash, loadFeatureSpec, parseFeatureSpec, saveFeatureSpec } from './spec-io.js';
import { createTable, at } from './test-support.js';
import type { FwError } from '../core/errors.js';

test('a resolved spec round-trips through JSON on disk, hashes stably, and a damaged file is a named error', async () => {
  const duck = await openDuck(':memory:', 1);
  const dir = await mkdtemp(join(tmpdir(), 'fw-spec-'));
  try {
    await createTable(duck, 'tel', { id: 'INTEGER', ts: 'TIMESTAMP', x: 'DOUBLE', kind: 'VARCHAR' }, [[1, at(0), 1, 'a'], [1, at(1), 2, 'b']]);
    const spec = await resolveFeatureSpec(
      duck,
      featuresSection.parse({ base: { table: 'tel', entity: 'id', time: 'ts' }, columns: [{ column: 'kind', type: 'categorical' }], rolling: [{ columns: ['x'], windows: ['2h'], aggregates: ['mean'] }], lags: [{ columns: ['x'], lags: [{ rows: 1 }] }], counts: [{ table: 'tel', category: 'kind', windows: ['1d'] }] }),
      labelSection.parse({ kind: 'column', column: 'kind' }),
    );
    const path = join(dir, 'features.json');
    await saveFeatureSpec(path, spec);
    const back = await loadFeatureSpec(path);
    assert.deepEqual(back, spec);
    assert.equal(featureSpecHash(back), featureSpecHash(spec));
    assert.deepEqual(back.label, { kind: 'column', column: 'kind', classes: ['a', 'b'] });

    await writeFile(path, '{"version": 1, "base": {');
    await assert.rejects(loadFeatureSpec(path), (e: FwError) => e.code === 'FW_ERR_FEATURES_INVALID_SPEC' && /not valid JSON/.test(e.message));
    const broken = structuredClone(spec) as unknown as { features: { windowMs?: unknown }[] };
    broken.features[1]!.windowMs = 'soon';
    assert.throws(() => parseFeatureSpec(JSON.stringify(broken), 'm/features.json'), (e: FwError) => /m\/features\.json.*\n.*features\[1\]\.windowMs/.test(e.message));
    await assert.rejects(loadFeatureSpec(join(dir, 'missing.json')), (e: FwError) => e.code === 'FW_ERR_CORE_NOT_FOUND');
  } finally {
    duck.close();
    await rm(dir, { recursive: true, force: true });
  }
});
