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

test('the label column, and columns declared as its sources, are refused as features at load, naming the field', () => {
  const cfg = (features: string, label = '  derivedFrom: [Failure_Code]\n') => `project: {name: x}
features:
  base: {table: downtime, time: Date}
${features}
label:
  kind: column
  column: Downtime
${label}`;
  const err = (text: string): FwError => { try { parseConfig(text); } catch (e) { return e as FwError; } throw new Error('accepted'); };
  const direct = err(cfg('  columns: [Torque, Downtime]'));
  assert.equal(direct.code, 'FW_ERR_CONFIG_INVALID');
  assert.match(direct.message, /features\.columns\[1\]: expected a feature other than the label column "Downtime" \(label\.column\)/);
  const source = err(cfg('  columns: [Torque, {column: Failure_Code, type: categorical}]'));
  assert.match(source.message, /features\.columns\[1\]: .*"Failure_Code", which label\.derivedFrom declares a source of the label/);
  const rolled = err(cfg('  rolling: [{columns: [Torque, Downtime], windows: [3h], aggregates: [mean]}]'));
  assert.match(rolled.message, /features\.rolling\[0\]\.columns\[1\]/);
  const entity = err(cfg('  columns: [Torque]').replace('time: Date', 'time: Date, entity: Downtime'));
  assert.match(entity.message, /features\.base\.entity: expected an entity column other than the label column "Downtime"/);
  // the same columns are fine when they are not the label's
  const ok = parseConfig(cfg('  columns: [Torque, Failure_Code_2]'));
  assert.equal(ok.label!.kind, 'column');
});
