import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RollingWindow } from './rolling-window.js';
import { Rng } from '../../core/random.js';

const H = 3_600_000;

function brute(ts: number[], xs: number[], from: number, to: number) {
  const idx = ts.map((_, i) => i).filter((i) => ts[i]! > from && ts[i]! <= to);
  const v = idx.map((i) => xs[i]!);
  const h = idx.map((i) => ts[i]! / H);
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const hm = h.reduce((a, b) => a + b, 0) / n;
  const slope = h.reduce((a, hh, i) => a + (hh - hm) * (v[i]! - mean), 0) / h.reduce((a, hh) => a + (hh - hm) ** 2, 0);
  return { n, mean, std, slope, min: Math.min(...v), max: Math.max(...v) };
}

test('running sums stay within 1e-9 of exact recomputation over a year of hourly values with a large offset', () => {
  const rng = new Rng(1);
  const w = new RollingWindow(24 * H);
  const ts: number[] = [];
  const xs: number[] = [];
  let t = Date.UTC(2015, 0, 1);
  for (let i = 0; i < 8760; i++) {
    t += rng.next() < 0.1 ? 3 * H : H;
    const x = 1e6 + 10 * rng.normal() + i * 0.01;
    ts.push(t);
    xs.push(x);
    w.push(t, x);
    w.advance(t);
    if (i % 997 === 996) {
      const b = brute(ts, xs, t - 24 * H, t);
      assert.equal(w.count, b.n);
      assert.ok(Math.abs(w.mean() - b.mean) <= 1e-9 * Math.abs(b.mean), `mean at ${i}`);
      assert.ok(Math.abs(w.std() - b.std) <= 1e-9 * Math.max(1, b.std), `std at ${i}: ${w.std()} vs ${b.std}`);
      assert.ok(Math.abs(w.slope() - b.slope) <= 1e-9 * Math.max(1, Math.abs(b.slope)), `slope at ${i}: ${w.slope()} vs ${b.slope}`);
      assert.equal(w.min(), b.min);
      assert.equal(w.max(), b.max);
    }
  }
});

test('an emptied window resets: NaN everywhere, count 0, and fresh values are exact', () => {
  const w = new RollingWindow(H);
  w.push(0, 5);
  w.push(H / 2, 7);
  w.advance(10 * H);
  assert.equal(w.count, 0);
  assert.ok(Number.isNaN(w.mean()) && Number.isNaN(w.min()) && Number.isNaN(w.last()) && Number.isNaN(w.slope()));
  w.push(10 * H, 1);
  w.push(10 * H, 3); // same instant: last = the largest, slope undefined (one distinct time)
  assert.equal(w.mean(), 2);
  assert.equal(w.last(), 3);
  assert.ok(Number.isNaN(w.slope()));
});
