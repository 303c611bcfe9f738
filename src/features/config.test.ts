import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../config/load.js';
import type { FwError } from '../core/errors.js';
import { parseDuration } from './duration.js';

const head = 'project: {name: x}\n';

function configError(yaml: string): FwError {
  try {
    parseConfig(head + yaml);
  } catch (e) {
    return e as FwError;
  }
  throw new Error('expected the config to be refused');
}

test('durations: integer + unit, in ms; anything else is refused', () => {
  assert.equal(parseDuration('3h'), 3 * 3_600_000);
  assert.equal(parseDuration('7d'), 7 * 86_400_000);
  assert.equal(parseDuration('30m'), 1_800_000);
  for (const bad of ['3', 'h', '-3h', '1.5h', '0h', '3 hours', '']) assert.equal(parseDuration(bad), undefined, bad);
});

test('feature config errors name the field path and the rule', () => {
  const e1 = configError('features:\n  base: {table: telemetry}\n  rolling:\n    - columns: [volt]\n      windows: [3h, 3 hours]\n      aggregates: [mean]\n');
  assert.equal(e1.code, 'FW_ERR_CONFIG_INVALID');
  assert.match(e1.message, /features\.rolling\[0\]\.windows\[1\]: expected a positive duration like 30m/);
  const e2 = configError('features:\n  base: {table: telemetry}\n  rolling:\n    - {columns: [volt], windows: [3h], aggregates: [median]}\n');
  assert.match(e2.message, /features\.rolling\[0\]\.aggregates\[0\]: expected one of "mean", "std"/);
  const e3 = configError('features:\n  base: {table: telemetry, evry: 3h}\n');
  assert.match(e3.message, /features\.base: unknown field\(s\) evry/);
  const e4 = configError('features:\n  base: {table: telemetry}\n  lags: [{columns: [volt], lags: [{rows: 0}]}]\n');
  assert.match(e4.message, /features\.lags\[0\]\.lags\[0\]/);
});

test('label and split sections are validated by kind', () => {
  assert.match(configError('label: {kind: event, table: failures}\n').message, /label\.horizon: expected string, got nothing/);
  assert.match(configError('label: {kind: regression, column: y}\n').message, /label\.kind/);
  assert.match(configError('split: {kind: time, testFraction: 1.5}\n').message, /split\.testFraction/);
  assert.match(configError('split: {kind: time, cv: {folds: 1}}\n').message, /split\.cv\.folds/);
  assert.match(configError('split: {kind: time, force: true}\n').message, /unknown field\(s\) force/);
  const ok = parseConfig(head + 'label: {kind: event, table: failures, category: failure, horizon: 24h}\nsplit: {kind: stratified}\n');
  assert.equal(ok.label!.kind === 'event' && ok.label!.endOfData, 'drop');
  assert.equal(ok.split!.kind === 'stratified' && ok.split!.force, false);
});
