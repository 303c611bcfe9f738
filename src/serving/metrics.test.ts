import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from 'prom-client';
import { ServingMetrics } from './metrics.js';

/** The lines of one metric family in a text exposition. */
const family = (text: string, name: string): string[] => text.split('\n').filter((l) => l.startsWith(name) || l.includes(` ${name} `));

test('/metrics exposes the request counter and latency histogram exactly as prom-client metrics would', async () => {
  const m = new ServingMetrics(false);
  const ref = new Registry();
  const refCount = new Counter({ name: 'forewarn_http_requests_total', help: 'HTTP requests by route pattern, method and status', labelNames: ['route', 'method', 'status'], registers: [ref] });
  const refLatency = new Histogram({
    name: 'forewarn_http_request_duration_seconds',
    help: 'HTTP request latency (server side) by route pattern, method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [ref],
  });
  const refPredictions = new Counter({ name: 'forewarn_predictions_total', help: 'Predicted records by predicted label', labelNames: ['label'], registers: [ref] });
  const seen: [string, string, number, number][] = [
    ['/predict', 'POST', 200, 0.00004], ['/predict', 'POST', 200, 0.0001], ['/predict', 'POST', 200, 0.0003], ['/predict', 'POST', 400, 0.002],
    ['/predict/batch', 'POST', 200, 0.012], ['/health', 'GET', 200, 3], ['/predict', 'POST', 200, 0.25],
  ];
  const ok = m.requestSeries('/predict', 'POST', 200);
  for (const [route, method, status, s] of seen) {
    if (route === '/predict' && status === 200) ok.observe(s);
    else m.observeRequest(route, method, status, s);
    refCount.labels(route, method, String(status)).inc();
    refLatency.labels(route, method, String(status)).observe(s);
  }
  m.labelCounter('ok').add(3);
  m.labelCounter('failure').add(0);
  m.labelCounter('ok').add(2);
  refPredictions.labels('ok').inc(5);
  refPredictions.labels('failure').inc(0);
  const ours = await m.registry.metrics();
  const theirs = await ref.metrics();
  for (const name of ['forewarn_http_requests_total', 'forewarn_http_request_duration_seconds', 'forewarn_predictions_total']) {
    assert.deepEqual(family(ours, name), family(theirs, name), name);
  }
  assert.ok(family(ours, 'forewarn_http_request_duration_seconds').length > 40);
  // counts accumulated since the last read are added, not lost or doubled
  ok.observe(0.001);
  const again = await m.registry.metrics();
  assert.match(again, /forewarn_http_requests_total\{route="\/predict",method="POST",status="200"\} 5\n/);
  assert.match(again, /forewarn_http_request_duration_seconds_count\{route="\/predict",method="POST",status="200"\} 5\n/);
  assert.match(again, /forewarn_predictions_total\{label="ok"\} 5\n/);
  const json = await m.registry.getMetricsAsJSON();
  assert.ok(json.some((j) => j.name === 'forewarn_http_request_duration_seconds' && String(j.type) === 'histogram' && j.values.length > 0));
});
