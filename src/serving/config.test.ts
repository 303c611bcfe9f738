import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../config/load.js';
import { FwError } from '../core/errors.js';

test('serve: defaults, and wrong values are refused naming the field', () => {
  const c = parseConfig('project: {name: x}\nserve: {model: pump}\n');
  assert.deepEqual(
    { host: c.serve!.host, port: c.serve!.port, alias: c.serve!.alias, auth: c.serve!.auth, poll: c.serve!.pollSeconds, limit: c.serve!.bodyLimitBytes },
    { host: '127.0.0.1', port: 8080, alias: 'production', auth: true, poll: 10, limit: 1048576 },
  );
  assert.throws(() => parseConfig('project: {name: x}\nserve: {token: short}\n'), (e: FwError) => /serve\.token/.test(e.message) && /8 characters/.test(e.message));
  assert.throws(() => parseConfig('project: {name: x}\nserve: {port: 70000}\n'), (e: FwError) => /serve\.port/.test(e.message));
  assert.throws(() => parseConfig('project: {name: x}\nserve: {pollSecs: 3}\n'), (e: FwError) => /pollSecs/.test(e.message));
});
