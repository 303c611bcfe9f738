import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './load.js';
import { starterConfig } from './starter.js';
import { FwError } from '../core/errors.js';

test('the starter config is valid and gets defaults', () => {
  const c = parseConfig(starterConfig('demo'));
  assert.equal(c.project.name, 'demo');
  assert.equal(c.project.seed, 42);
  assert.equal(c.store.url, 'sqlite:.forewarn/forewarn.db');
});

test('a wrong type names the field path, the expectation and what was found', () => {
  const err = (() => { try { parseConfig('project:\n  name: x\n  seed: "abc"\n'); } catch (e) { return e; } })();
  assert.ok(err instanceof FwError);
  assert.equal(err.code, 'FW_ERR_CONFIG_INVALID');
  assert.match(err.message, /project\.seed: expected number, got string "abc"/);
  const details = err.details as { errors: { path: string }[] };
  assert.equal(details.errors[0]!.path, 'project.seed');
});

test('unknown top-level keys are refused, not ignored', () => {
  assert.throws(() => parseConfig('project: {name: x}\nstoer: {url: x}\n'), (e: FwError) => e.code === 'FW_ERR_CONFIG_INVALID' && /stoer/.test(e.message));
});

test('malformed YAML gives line and column', () => {
  assert.throws(() => parseConfig('project:\n  name: [unclosed\n', 'f.yaml'), (e: FwError) => e.code === 'FW_ERR_CONFIG_PARSE' && /f\.yaml line \d+, column \d+/.test(e.message));
});

test('NaN and Infinity are refused where numbers are expected', () => {
  assert.throws(() => parseConfig('project: {name: x, seed: .nan}\n'), (e: FwError) => /project\.seed/.test(e.message));
  assert.throws(() => parseConfig('project: {name: x, seed: .inf}\n'), (e: FwError) => /project\.seed/.test(e.message));
});
