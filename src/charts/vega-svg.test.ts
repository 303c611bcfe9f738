import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderVegaLiteSvg } from './vega-svg.js';

test('a Vega-Lite bar chart renders to an SVG with one mark per datum', async () => {
  const svg = await renderVegaLiteSvg({
    data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 3 }, { a: 'z', b: 2 }] },
    mark: 'bar',
    encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
  });
  assert.match(svg, /^<svg/);
  const bars = svg.match(/role-mark mark-rect|<path[^>]+aria-roledescription="bar"/g) ?? [];
  assert.ok(svg.includes('aria-roledescription="bar"'), 'bars are present');
  assert.ok(bars.length >= 1);
});
