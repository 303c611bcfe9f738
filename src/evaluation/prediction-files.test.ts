import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FwError } from '../core/errors.js';
import { loadPredictionFiles, type PredictionFileSpec } from './prediction-files.js';

test('prediction files: classes by name, timestamps or epoch ms, failures windowed to the set; errors name column and row', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-predfiles-'));
  try {
    await writeFile(join(dir, 'p.csv'), 'label,p_none,p_comp1,p_comp2,m,t\nnone,0.8,0.1,0.1,a,2024-01-01T00:00:00Z\ncomp2,0.2,0.3,0.5,b,2024-01-01T06:00:00Z\n');
    await writeFile(join(dir, 'f.csv'), 'm,t,what\nb,2024-01-01T10:00:00Z,comp2\na,2023-12-01T00:00:00Z,comp1\nb,2024-01-03T00:00:00Z,comp1\n');
    const spec: PredictionFileSpec = { classes: ['none', 'comp1', 'comp2'], test: join(dir, 'p.csv'), label: 'label', probaPrefix: 'p_', entity: 'm', time: 't', failures: join(dir, 'f.csv'), failureClass: 'what' };
    const r = await loadPredictionFiles(spec, 24 * 3_600_000);
    assert.deepEqual(Array.from(r.test.y), [0, 2]);
    assert.deepEqual(Array.from(r.test.proba), [0.8, 0.1, 0.1, 0.2, 0.3, 0.5]);
    assert.deepEqual(r.test.entity, ['a', 'b']);
    assert.deepEqual(Array.from(r.test.time!), [Date.parse('2024-01-01T00:00:00Z'), Date.parse('2024-01-01T06:00:00Z')]);
    // Only the failure within (first row, last row + 24 h] belongs to this set.
    assert.deepEqual(r.failures!.test, [{ entity: 'b', time: Date.parse('2024-01-01T10:00:00Z'), class: 'comp2' }]);
    const fails = async (s: typeof spec, re: RegExp): Promise<void> => {
      await assert.rejects(loadPredictionFiles(s), (e: unknown) => e instanceof FwError && re.test(e.message), re.source);
    };
    await fails({ ...spec, classes: ['none', 'comp1', 'comp9'] }, /p\.csv: no column "p_comp9"/);
    await fails({ ...spec, classes: ['none', 'comp1'], probaPrefix: 'p_' }, /label "comp2" is not one of --classes none,comp1/);
    await writeFile(join(dir, 'q.csv'), 'label,p_none,p_comp1,p_comp2,m,t\nnone,1.5,0,0,a,1000\n');
    await fails({ ...spec, test: join(dir, 'q.csv'), failures: undefined }, /column "p_none", data row 1: 1\.5 is not a probability/);
    await fails({ ...spec, test: join(dir, 'nope.csv') }, /nope\.csv: no such file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
