import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smallFleet } from './stream-fixture.js';

const BIN = fileURLToPath(new URL('../../../bin/forewarn.js', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FOREWARN_LOG_LEVEL: 'warn' } });

test('forewarn stream / alerts / stream replay: wrong input → a coded message and a non-zero exit, never a stack trace', async () => {
  const f = await smallFleet();
  const dir = await mkdtemp(join(tmpdir(), 'fw-stream-cli-'));
  try {
    const cases: [string[], number, RegExp][] = [
      [['alerts', 'list', '--project', f.dir, '--status', 'bogus'], 2, /FW_ERR_CORE_INVALID_ARGUMENT: --status: expected open or closed/],
      [['alerts', 'ack', 'no-such-alert', '--project', f.dir], 4, /FW_ERR_STREAM_ALERT_NOT_FOUND: no alert no-such-alert/],
      [['stream', '--project', f.dir, '--no-http', '--from-ndjson', '-'], 2, /FW_ERR_STREAM_BAD_OPTION: which model\?/],
      [['stream', '--project', f.dir, '--model', f.result.modelName, '--from-ndjson', 'a', '--from-nats'], 2, /mutually exclusive/],
      [['stream', '--project', f.dir, '--model', f.result.modelName, '--port', 'x'], 2, /--port: expected an integer/],
      [['stream', 'replay', join(dir, 'PdM_telemetry.csv')], 4, /FW_ERR_CORE_NOT_FOUND/],
      [['stream', 'replay', join(dir, 'weird.txt')], 2, /cannot tell the table from the file name; write table=/],
    ];
    await writeFile(join(dir, 'bad.csv'), 'datetime,machineID,volt\n"2015-01-01 06:00:00",1,170\nnot-a-time,2,171\n');
    cases.push([['stream', 'replay', `telemetry=${join(dir, 'bad.csv')}`], 2, /bad\.csv line 3: datetime "not-a-time" is not a timestamp/]);
    for (const [args, exit, msg] of cases) {
      const r = cli(...args);
      assert.equal(r.status, exit, `${args.join(' ')} → exit ${r.status}: ${r.stderr}`);
      assert.match(r.stderr, msg, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    // The happy path of replay: time-ordered NDJSON, statics first.
    await writeFile(join(dir, 'PdM_machines.csv'), 'machineID,model,age\n1,"model3",18\n');
    await writeFile(join(dir, 'PdM_errors.csv'), 'datetime,machineID,errorID\n2015-01-01 07:00:00,1,"error1"\n');
    await writeFile(join(dir, 'PdM_telemetry.csv'), 'datetime,machineID,volt\n2015-01-01 08:00:00,1,170.5\n2015-01-01 06:00:00,1,171\n');
    const ok = cli('stream', 'replay', join(dir, 'PdM_telemetry.csv'), join(dir, 'PdM_errors.csv'), join(dir, 'PdM_machines.csv'), '--from', '2015-01-01 07:00');
    assert.equal(ok.status, 0, ok.stderr);
    assert.deepEqual(ok.stdout.trim().split('\n').map((l) => JSON.parse(l)), [
      { table: 'machines', machineID: 1, model: 'model3', age: 18 },
      { table: 'errors', datetime: '2015-01-01 07:00:00', machineID: 1, errorID: 'error1' },
      { table: 'telemetry', datetime: '2015-01-01 08:00:00', machineID: 1, volt: 170.5 },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
