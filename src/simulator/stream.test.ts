import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fleetEvents, writeFleet, type FleetEvent } from './index.js';
import { streamNdjson } from './ndjson-out.js';
import { eventLine, machineLine, telemetryLine, TABLE_FILES } from './csv-format.js';

const OPTS = { machines: 4, days: 20, seed: 99 };

function csvLine(e: FleetEvent): string {
  switch (e.table) {
    case 'machines': return machineLine(e.machineID, e.model, e.age);
    case 'telemetry': return telemetryLine(e.datetime, e.machineID, [e.volt, e.rotate, e.pressure, e.vibration]);
    case 'errors': return eventLine(e.datetime, e.machineID, e.errorID);
    case 'failures': return eventLine(e.datetime, e.machineID, e.failure);
    case 'maint': return eventLine(e.datetime, e.machineID, e.comp);
  }
}

test('the stream carries exactly the rows of the batch files, in time order', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fw-sim-'));
  try {
    await writeFleet(OPTS, dir);
    // Through NDJSON text, as a consumer would see it.
    const chunks: string[] = [];
    const sink = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
    const r = await streamNdjson(OPTS, sink);
    const events = chunks.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as FleetEvent);
    assert.equal(r.events, events.length);
    const byTable = new Map<string, string[]>();
    let lastTime = '';
    for (const e of events) {
      if (!byTable.has(e.table)) byTable.set(e.table, []);
      byTable.get(e.table)!.push(csvLine(e));
      if (e.table !== 'machines') {
        assert.ok(e.datetime >= lastTime, `time order: ${e.datetime} after ${lastTime}`);
        lastTime = e.datetime;
      }
    }
    for (const [table, file] of Object.entries(TABLE_FILES)) {
      const batch = (await readFile(join(dir, file), 'utf8')).trimEnd().split('\n').slice(1).sort();
      assert.deepEqual((byTable.get(table) ?? []).sort(), batch, `${table} rows equal`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a failure is streamed before the reactive maintenance at the same time', () => {
  const seen = new Set<string>();
  let checked = 0;
  for (const e of fleetEvents({ machines: 6, days: 60, seed: 3 })) {
    if (e.table === 'failures') seen.add(`${e.datetime}/${e.machineID}/${e.failure}`);
    if (e.table === 'maint' && seen.has(`${e.datetime}/${e.machineID}/${e.comp}`)) checked++;
  }
  assert.ok(checked > 0 && checked === seen.size, `${checked} of ${seen.size} failures followed by their maintenance`);
});

test('a reader closing the pipe (EPIPE) ends the stream quietly', async () => {
  let writes = 0;
  const sink = new Writable({
    highWaterMark: 1024,
    write(_c, _e, cb) {
      if (++writes > 2) cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      else cb();
    },
  });
  const r = await streamNdjson({ machines: 50, days: 30, seed: 1 }, sink);
  assert.equal(r.closedEarly, true);
  assert.ok(r.events < 50 * 30 * 24, 'stopped early');
});

test('other write errors on the stream become FW_ERR_CORE_IO', async () => {
  const sink = new Writable({ write(_c, _e, cb) { cb(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })); } });
  await assert.rejects(streamNdjson({ machines: 5, days: 30, seed: 1 }, sink), (e: unknown) => {
    assert.match(String((e as Error).message), /could not write the event stream: no space left/);
    assert.equal((e as { code?: string }).code, 'FW_ERR_CORE_IO');
    return true;
  });
});

test('--rate paces the stream and --limit stops it', async () => {
  const lines: string[] = [];
  const sink = new Writable({ write(c, _e, cb) { lines.push(...String(c).trimEnd().split('\n')); cb(); } });
  const r = await streamNdjson(OPTS, sink, { rate: 100_000, limit: 7 });
  assert.equal(r.events, 7);
  assert.equal(lines.length, 7);
  await assert.rejects(streamNdjson(OPTS, sink, { rate: 0 }), /rate: expected events per second > 0/);
});
