import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertBook, type AlertPolicy } from './machine-alerts.js';
import { decide, type BoundDecisionRule } from '../entities/decision-rule.js';
import type { ScoredPoint } from './scorer.js';

const H = 3_600_000;
const labels = ['none', 'comp1', 'comp2'];
const rule: BoundDecisionRule = { threshold: 0.5, negIndex: 0, posIndex: null, policy: 'test' };
const pt = (h: number, p1: number, p2 = 0, m = '7'): ScoredPoint => {
  const proba = Float64Array.from([1 - p1 - p2, p1, p2]);
  return { entity: m, t: h * H, features: new Float64Array(0), proba, decision: decide(rule, proba, labels.length) };
};
const policy = (o: Partial<AlertPolicy> = {}): AlertPolicy => ({ openAfter: 1, hysteresis: 0, quietMs: 24 * H, horizonMs: 24 * H, topFeatures: 0, ...o });

test('an episode opens on the first alerting point, stays one episode while alerting, closes after the quiet period', () => {
  const b = new AlertBook(labels, rule, policy(), { name: 'm', version: '1' });
  assert.deepEqual(b.score(pt(0, 0.2)), []);
  const o = b.score(pt(3, 0.7));
  assert.equal(o.length, 1);
  assert.equal(o[0]!.kind, 'opened');
  assert.equal(o[0]!.episode.component, 'comp1');
  assert.equal(o[0]!.episode.id, `7:comp1:${3 * H}`);
  assert.deepEqual(o[0]!.episode.expectedFailure, { from: 3 * H, to: 27 * H });
  assert.deepEqual(b.score(pt(6, 0.8)), [], 'one open episode per machine and component');
  assert.deepEqual(b.score(pt(9, 0.1)), []);
  assert.deepEqual(b.advance('7', 29 * H), [], 'quiet 23 h < 24 h');
  const c = b.advance('7', 30 * H);
  assert.equal(c.length, 1);
  assert.equal(c[0]!.episode.closeReason, 'quiet');
  assert.equal(c[0]!.episode.closedAt, 30 * H);
  assert.equal(c[0]!.episode.maxProbability, 0.8);
});

test('debounce: openAfter consecutive alerting points; hysteresis keeps an open episode active below the threshold', () => {
  const b = new AlertBook(labels, rule, policy({ openAfter: 2, hysteresis: 0.2, quietMs: 6 * H }), { name: 'm', version: '1' });
  assert.deepEqual(b.score(pt(0, 0.6)), []);
  assert.deepEqual(b.score(pt(3, 0.1)), [], 'streak broken');
  assert.deepEqual(b.score(pt(6, 0.6)), []);
  assert.equal(b.score(pt(9, 0.6))[0]!.kind, 'opened');
  b.score(pt(12, 0.35)); // score 0.35 ≥ 0.5 − 0.2: still active
  assert.deepEqual(b.advance('7', 17 * H), []);
  b.score(pt(15, 0.2)); // below the band
  assert.equal(b.advance('7', 18 * H)[0]!.episode.closedAt, 18 * H, 'closed 6 h after the last active point (12 h)');
});

test('maintenance of the component closes its episode; another component stays open', () => {
  const b = new AlertBook(labels, rule, policy(), { name: 'm', version: '1' });
  b.score(pt(0, 0.6, 0));
  b.score(pt(3, 0, 0.6));
  assert.equal(b.openEpisodes.length, 2);
  const c = b.maintenance('7', 'comp2', 4 * H);
  assert.equal(c.length, 1);
  assert.equal(c[0]!.episode.closeReason, 'maintenance');
  assert.deepEqual(b.openEpisodes.map((e) => e.component), ['comp1']);
  assert.deepEqual(b.maintenance('7', 'comp2', 5 * H), []);
});
