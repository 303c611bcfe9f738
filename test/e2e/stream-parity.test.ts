import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventJson, fleetEvents } from '../../src/simulator/stream.js';
import { loadFeatureTable } from '../../src/pipeline/feature-table.js';
import { toRowMatrix } from '../../src/models/dataset.js';
import { smallFleet, processorFor } from './stream-fixture.js';
import type { ScoredPoint } from '../../src/streaming/scorer.js';
import { MemoryAlertSink } from '../../src/streaming/alert-sink.js';

/**
 * The claim live scoring rests on: the fleet's events, replayed through the stream processor, give for every
 * machine and scoring time the feature vector of the offline DuckDB feature table (relative tolerance 1e-9, missing
 * where it is missing) and the probabilities the model gives that table's rows.
 */
test('stream replay = offline feature table (1e-9) and the same probabilities, for every machine and scoring time', async () => {
  const f = await smallFleet();
  assert.ok(f.loaded.featureSpec, 'the registered version carries its frozen feature spec');
  const points = new Map<string, ScoredPoint>();
  const proc = await processorFor(f, { onPoint: (p) => points.set(`${p.entity}@${p.t}`, p) });
  let n = 0;
  for (const e of fleetEvents(f.fleet)) proc.handle({ origin: `sim:${++n}`, payload: eventJson(e) });
  await proc.flush();
  assert.deepEqual(proc.stats.deadLetters, {}, 'simulated events are all valid');

  const { data: off } = await loadFeatureTable(f.featuresDir);
  const names = off.dataset.features.map((x) => x.name);
  assert.deepEqual(names, f.model.spec.features.map((x) => x.name));
  const rows = toRowMatrix(off.dataset);
  const offProba = await f.model.predictor.predictBatch(rows);
  const K = f.model.labels.length;
  let cells = 0;
  let maxRel = 0;
  let maxProbaDiff = 0;
  for (let i = 0; i < off.dataset.nRows; i++) {
    const key = `${off.entityNames[off.entity[i]!]}@${off.time[i]}`;
    const p: ScoredPoint | undefined = points.get(key);
    assert.ok(p, `the stream scored ${key}`);
    for (let j = 0; j < names.length; j++) {
      const a = off.dataset.columns[j]![i]!;
      const o: number = p.features[j]!;
      cells++;
      if (Number.isNaN(a) || Number.isNaN(o)) {
        assert.equal(Number.isNaN(o), Number.isNaN(a), `${key} ${names[j]}: offline ${a}, stream ${o}`);
        continue;
      }
      const rel = Math.abs(a - o) / Math.max(1, Math.abs(a));
      maxRel = Math.max(maxRel, rel);
      assert.ok(rel <= 1e-9, `${key} ${names[j]}: offline ${a}, stream ${o}`);
    }
    for (let k = 0; k < K; k++) maxProbaDiff = Math.max(maxProbaDiff, Math.abs(offProba[i * K + k]! - p.proba[k]!));
  }
  assert.ok(maxProbaDiff <= 1e-12, `probabilities differ by ${maxProbaDiff}`);
  // The offline table drops rows whose label horizon runs past the data; the stream scores them too.
  assert.ok(points.size >= off.dataset.nRows && points.size - off.dataset.nRows <= 8 * 8, `${points.size} stream points vs ${off.dataset.nRows} offline rows`);
  assert.ok(cells > 10_000, `compared ${cells} cells`);
  process.stdout.write(`# parity: ${off.dataset.nRows} rows × ${names.length} features, max rel diff ${maxRel.toExponential(2)}, max |Δp| ${maxProbaDiff.toExponential(2)}\n`);
});

test('hot swap mid-stream to a version with the same frozen spec keeps every machine\'s feature state (same vectors as without the swap); new episodes name the new version', async () => {
  const f = await smallFleet();
  const ref = new Map<string, Float64Array>();
  const a = await processorFor(f, { onPoint: (p) => ref.set(`${p.entity}@${p.t}`, p.features) });
  const events = [...fleetEvents(f.fleet)].map(eventJson);
  events.forEach((e, i) => a.handle({ origin: `a:${i}`, payload: e }));
  await a.flush();

  const got = new Map<string, Float64Array>();
  const sink = new MemoryAlertSink();
  const b = await processorFor(f, { onPoint: (p) => got.set(`${p.entity}@${p.t}`, p.features), sinks: [sink] });
  const half = Math.floor(events.length / 2);
  events.slice(0, half).forEach((e, i) => b.handle({ origin: `b:${i}`, payload: e }));
  await b.idle();
  b.swapModel({ ...f.model, version: 'swapped' });
  events.slice(half).forEach((e, i) => b.handle({ origin: `b:${half + i}`, payload: e }));
  await b.flush();
  assert.equal(b.model.version, 'swapped');
  assert.equal(got.size, ref.size);
  for (const [k, v] of ref) assert.deepEqual(got.get(k), v, k);
  const opened = sink.changes.filter((c) => c.kind === 'opened');
  const late = opened.filter((c) => c.episode.model.version === 'swapped');
  assert.ok(late.length > 0 && late.length < opened.length, 'episodes before the swap name the old version, after it the new one');
});
