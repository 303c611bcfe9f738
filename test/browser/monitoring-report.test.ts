import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/core/random.js';
import { buildBaseline } from '../../src/monitoring/baseline.js';
import { computeDrift } from '../../src/monitoring/drift-report.js';
import { renderMonitorReport } from '../../src/monitoring/report.js';
import { realisedPerformance } from '../../src/monitoring/performance.js';
import type { DayStats } from '../../src/monitoring/daily.js';
import type { DriftWindow } from '../../src/monitoring/drift-report.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (Debian: apt-get install -y chromium): monitoring report browser check SKIPPED`;
if (skip) console.warn(`\n!!! ${skip} !!!\n`);

/** A report over a window where volt moved +8 %: every section present. */
async function sampleReport(): Promise<string> {
  const rng = new Rng(3);
  const col = (n: number, m: number, sd: number, g = 1) => Float64Array.from({ length: n }, () => (m + sd * rng.normal()) * g);
  const models = ['model1', 'model2', 'model3'];
  const baseline = buildBaseline([
    { name: 'volt_mean_24h', kind: 'numeric', values: col(5000, 170, 5) },
    { name: 'rotate_mean_24h', kind: 'numeric', values: col(5000, 450, 15) },
    { name: 'model', kind: 'categorical', values: Array.from({ length: 5000 }, () => models[rng.int(3)]!) },
  ], { scores: col(2000, 0.1, 0.03), labels: Array.from({ length: 2000 }, () => 'none') });
  const win = (n: number, g: number): DriftWindow => ({
    rows: n,
    columns: new Map<string, Float64Array | (string | null)[]>([['volt_mean_24h', col(n, 170, 5, g)], ['rotate_mean_24h', col(n, 450, 15)], ['model', Array.from({ length: n }, () => models[rng.int(3)]!)]]),
    scores: col(n, 0.1, 0.03),
    labels: Array.from({ length: n }, () => 'none'),
  });
  const days: DayStats[] = Array.from({ length: 14 }, (_, d) => {
    const w = win(400, d >= 7 ? 1.08 : 1);
    return { day: `2015-10-${String(25 + d > 31 ? d - 6 : 25 + d).padStart(2, '0')}`.replace(/^2015-10-(0\d)$/, '2015-11-$1'), rows: 400, alerts: 4, meanScore: 0.1, drift: computeDrift(baseline, w) };
  });
  const window = win(2400, 1.08);
  const H = 3_600_000, t0 = Date.UTC(2015, 9, 5);
  const preds = Array.from({ length: 2000 }, (_, i) => ({ entity: String(i % 10), time: t0 + i * 3 * H, alert: i % 17 === 0 }));
  const fails = Array.from({ length: 20 }, (_, i) => ({ entity: String(i % 10), time: t0 + (i * 100 + 5) * 3 * H }));
  return renderMonitorReport({ model: 'pump', version: '1', baseline, window, drift: computeDrift(baseline, window), days, performance: realisedPerformance(preds, fails, 24 * H, { eventRecall: 0.8 }, 0.1) });
}

test('the monitoring report renders its charts in Chromium with no console errors (screenshot saved)', { skip, timeout: 120_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'fw-report-'));
  const html = await sampleReport();
  assert.ok(!/<script|https?:\/\/(?!www\.w3\.org)/.test(html.replace(/xmlns(:xlink)?="http:\/\/www\.w3\.org[^"]*"/g, '')), 'offline: no scripts, no external URLs');
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const ctx = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    await page.goto(`file://${file}`);
    const stats = await page.evaluate(() => {
      // Runs in the page (this project's tsconfig has no DOM types).
      type El = { querySelectorAll(s: string): ArrayLike<El> & Iterable<El>; getBoundingClientRect(): { width: number; height: number }; textContent: string | null };
      const document = (globalThis as unknown as { document: El }).document;
      const svgs = [...document.querySelectorAll('svg')];
      return {
        svgs: svgs.length,
        // Every chart has drawn marks with a real size on screen.
        drawn: svgs.filter((s) => s.querySelectorAll('path, rect, line').length > 3 && s.getBoundingClientRect().width > 100 && s.getBoundingClientRect().height > 50).length,
        sections: [...document.querySelectorAll('h2')].map((h) => h.textContent),
        driftedRows: document.querySelectorAll('tr.drifted').length,
        distributionCharts: document.querySelectorAll('.chart[data-feature]').length,
      };
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(stats.sections, ['Summary', 'Drift per feature', 'Reference vs current distributions (features that moved most)', 'Drift and predictions per day', 'Realised performance per week']);
    assert.equal(stats.distributionCharts, 3);
    assert.ok(stats.svgs >= 6, `${stats.svgs} charts`);
    assert.equal(stats.drawn, stats.svgs, 'every chart has drawn marks');
    assert.ok(stats.driftedRows >= 1, 'the drifted volt feature is highlighted');
    const shot = process.env.FOREWARN_SCREENSHOT ?? join(dir, 'report.png');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 20_000);
  } finally {
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
