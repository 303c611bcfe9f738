import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket, type AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/serving/app.js';
import { MemoryModelSource } from '../../src/serving/test-memory-source.js';
import { GOOD_RECORD, testForest } from '../../src/serving/test-fixtures.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/test/security
const serving = resolve(here, '../../src/serving');

/** A raw keep-alive connection: `events` records what happened to it, `response()` waits for one full reply. */
function rawConn(port: number): { sock: Socket; events: string[]; closedAt: () => number | undefined; response: () => Promise<string> } {
  const sock = connect(port, '127.0.0.1');
  const events: string[] = [];
  let buf = '';
  let closed: number | undefined;
  let waiter: (() => void) | undefined;
  sock.on('data', (d) => { buf += d.toString(); waiter?.(); });
  sock.on('end', () => events.push('end'));
  sock.on('error', (e) => events.push(`error ${(e as NodeJS.ErrnoException).code}`));
  sock.on('close', () => { closed = performance.now(); events.push('close'); waiter?.(); });
  const response = () => new Promise<string>((r) => {
    const check = () => {
      const h = buf.indexOf('\r\n\r\n');
      if (h >= 0) {
        const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, h))?.[1] ?? 0);
        if (buf.length >= h + 4 + len) {
          const out = buf.slice(0, h + 4 + len);
          buf = buf.slice(h + 4 + len);
          waiter = undefined;
          return r(out);
        }
      }
      if (closed !== undefined) { waiter = undefined; r(buf); }
    };
    waiter = check;
    check();
  });
  return { sock, events, closedAt: () => closed, response };
}

test('a body trickled one byte at a time is cut off by the request timeout (408, connection closed)', async () => {
  const source = new MemoryModelSource('m').add('1', testForest(1)).setAlias('production', '1');
  const { app } = await buildApp({ source, modelName: 'm', defaultMetrics: false, docs: false, timeouts: { requestSeconds: 2, checkIntervalMs: 200 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const port = (app.server.address() as AddressInfo).port;
    const c = rawConn(port);
    const t0 = performance.now();
    c.sock.write('POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const drip = setInterval(() => { if (!c.sock.destroyed) c.sock.write(' '); }, 500);
    const reply = await c.response();
    clearInterval(drip);
    const waited = performance.now() - t0;
    assert.match(reply, /^HTTP\/1\.1 408/);
    assert.match(reply, /"code":"FW_ERR_HTTP_TIMEOUT"/);
    assert.ok(waited < 4000, `cut off after ${waited.toFixed(0)} ms`);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(c.events.includes('close'), c.events.join(','));
  } finally {
    await app.close();
  }
});

test('SIGTERM: idle keep-alive closed, in-flight reply carries Connection: close, a slow uploader does not hold the exit; exit 0 promptly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-shutdown-'));
  try {
    const script = join(dir, 'child.mjs');
    writeFileSync(script, `
      import { startServer } from ${JSON.stringify(join(serving, 'server.js'))};
      import { modelPredictor } from ${JSON.stringify(join(serving, '../inference/predictor.js'))};
      import { testForest } from ${JSON.stringify(join(serving, 'test-fixtures.js'))};
      const base = modelPredictor(testForest(1));
      const slow = { ...base, sync: false, predictOne: undefined, predictBatch: (rows) => { process.stdout.write('busy\\n'); return new Promise((r) => setTimeout(() => r(base.predictBatch(rows)), 600)); } };
      const source = { description: 'slow', resolve: async () => ({ name: 'm', version: '1', format: 'forewarn-json', metrics: {}, approval: 'none', load: async () => slow }) };
      const s = await startServer({ source, host: '127.0.0.1', port: 0, authEnabled: true, handleSignals: true, docs: false, defaultMetrics: false });
      process.stdout.write(s.url + '\\n');
    `);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<{ code: number | null; at: number }>((r) => child.on('exit', (code) => r({ code, at: performance.now() })));
    let out = '';
    const waitFor = (word: string) => new Promise<void>((r) => {
      const check = () => { if (out.includes(word)) { child.stdout!.off('data', onData); r(); } };
      const onData = (d: Buffer) => { out += d.toString(); check(); };
      child.stdout!.on('data', onData);
      check();
    });
    await waitFor('http://');
    const port = Number(new URL(out.trim().split('\n')[0]!).port);

    const idle = rawConn(port);
    idle.sock.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.match(await idle.response(), /^HTTP\/1\.1 200/);
    const slowUpload = rawConn(port);
    slowUpload.sock.write('POST /predict/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"rec');
    const inFlight = rawConn(port);
    const body = JSON.stringify({ records: [GOOD_RECORD] });
    inFlight.sock.write(`POST /predict/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    await waitFor('busy');
    const t0 = performance.now();
    child.kill('SIGTERM');

    const reply = await inFlight.response();
    assert.match(reply, /^HTTP\/1\.1 200/, reply);
    assert.match(reply, /\r\nconnection: close\r\n/i, 'the in-flight reply says Connection: close');
    const { code, at } = await exited;
    assert.equal(code, 0);
    assert.ok(at - t0 < 3000, `exited ${(at - t0).toFixed(0)} ms after SIGTERM`);
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(idle.events.includes('close') && !idle.events.some((e) => e.startsWith('error')), `idle: ${idle.events.join(',')}`);
    assert.ok(slowUpload.events.includes('close'), `slow upload: ${slowUpload.events.join(',')}`);
    assert.ok(idle.closedAt()! - t0 < 1000, 'the idle keep-alive connection was closed at once');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
