import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileTables, renderProfileHtml, writeProfileReport } from './index.js';
import { escapeHtml } from '../../charts/html-page.js';
import { isFwError } from '../../core/errors.js';
import { openDuck, literal } from '../duckdb.js';
import { writeFleet } from '../../simulator/write-fleet.js';

const WEIRD = ['machine id', 'time', 'Error_Rate_%', 'Temp (?C)', 'ok?', 'a<b>&"c"', 'status'];

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'fw-profile-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function weirdCsv(): string {
  const head = WEIRD.map((c) => `"${c.replace(/"/g, '""')}"`).join(',');
  const rows: string[] = [];
  // Machine A: hourly, hour 5 missing (one gap). Machine B: hourly, no gap. Temp missing on 2 rows.
  for (const [m, hours] of [['A', [0, 1, 2, 3, 4, 6, 7, 8]], ['B', [0, 1, 2, 3, 4, 5, 6, 7]]] as const) {
    for (const h of hours) {
      const temp = m === 'A' && h < 2 ? '' : String(20 + h);
      rows.push(`${m},2020-03-01 ${String(h).padStart(2, '0')}:00:00,${h * 0.5},${temp},${h % 2 === 0 ? 'true' : 'false'},${h},${h === 7 ? 'fail' : 'ok'}`);
    }
  }
  return [head, ...rows].join('\n') + '\n';
}

test('statistics are right and the report names every column (escaped) with an SVG per chart', async () => {
  await withDir(async (dir) => {
    const f = join(dir, 'weird.csv');
    await writeFile(f, weirdCsv());
    const r = await profileTables([f], { label: 'status', time: 'time', entity: 'machine id' });
    const t = r.tables[0]!;
    assert.equal(t.rows, 16);
    assert.deepEqual(t.columns.map((c) => c.name), WEIRD);
    const rate = t.columns.find((c) => c.name === 'Error_Rate_%')!;
    assert.equal(rate.kind, 'numeric');
    assert.equal(rate.min, 0);
    assert.equal(rate.max, 4);
    const expectedMean = ([0, 1, 2, 3, 4, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6, 7].reduce((a, b) => a + b, 0) * 0.5) / 16;
    assert.ok(Math.abs(rate.mean! - expectedMean) < 1e-12);
    const temp = t.columns.find((c) => c.name === 'Temp (?C)')!;
    assert.equal(temp.missing, 2);
    assert.equal(temp.count, 14);
    assert.deepEqual(t.label!.counts, [{ value: 'ok', count: 14 }, { value: 'fail', count: 2 }]);
    const cov = t.coverage!;
    assert.equal(cov.stepHours, 1);
    assert.equal(cov.regular, true);
    assert.deepEqual(cov.entities.map((e) => [e.entity, e.rows, e.gaps, e.maxGapHours]), [['A', 8, 1, 2], ['B', 8, 0, 1]]);
    assert.equal(cov.entities[0]!.first, '2020-03-01 00:00:00');

    const html = await renderProfileHtml(r);
    for (const c of WEIRD) assert.ok(html.includes(escapeHtml(c)), `column ${c} appears escaped`);
    assert.ok(!html.includes('a<b>'), 'raw < > never reach the HTML');
    // charts: missing values, 5 histograms (Error_Rate_%, Temp, a<b>, + top values for 3 text/bool columns), label, rows over time, coverage, correlation
    const svgs = html.match(/<svg/g)?.length ?? 0;
    const numeric = t.columns.filter((c) => c.kind === 'numeric').length;
    const categorical = t.columns.filter((c) => (c.kind === 'string' || c.kind === 'boolean') && c.top?.length).length;
    assert.equal(svgs, 1 + numeric + categorical + 1 + 1 + 1 + 1);
    assert.ok(!/<script|<link|<img|@import|url\((?!#)/i.test(html), 'no scripts or external assets (only in-page url(#clip) references)');
    assert.ok(!/(src|href)="https?:/i.test(html));
  });
});

test('files of the simulator profile cleanly: every column of every table is reported', async () => {
  await withDir(async (dir) => {
    const r = await writeFleet({ machines: 3, days: 10, seed: 1 }, dir);
    const out = join(dir, 'report.html');
    const w = await writeProfileReport(Object.values(r.files), out, { time: 'datetime', entity: 'machineID', label: 'failure' });
    assert.equal(w.result.tables.length, 5);
    const tel = w.result.tables.find((t) => t.name === 'PdM_telemetry.csv')!;
    assert.equal(tel.rows, 3 * 10 * 24);
    assert.equal(tel.coverage!.entities.every((e) => e.gaps === 0 && e.rows === 240), true);
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(out, 'utf8');
    for (const col of ['datetime', 'machineID', 'volt', 'rotate', 'pressure', 'vibration', 'errorID', 'comp', 'failure', 'model', 'age']) {
      assert.ok(html.includes(`<code>${col}</code>`), col);
    }
  });
});

test('Parquet files are read with DuckDB\'s Parquet reader', async () => {
  await withDir(async (dir) => {
    const f = join(dir, 't.parquet');
    const duck = await openDuck(':memory:', 1);
    try {
      await duck.run(`COPY (SELECT range AS "x (m)", range % 3 AS k FROM range(100)) TO ${literal(f)} (FORMAT parquet)`);
    } finally {
      duck.close();
    }
    const r = await profileTables([f]);
    assert.equal(r.tables[0]!.rows, 100);
    assert.equal(r.tables[0]!.columns[0]!.name, 'x (m)');
    assert.equal(r.tables[0]!.columns[0]!.mean, 49.5);
    assert.deepEqual(r.tables[0]!.columns[1]!.top!.map((t) => t.count), [34, 33, 33]);
  });
});

test('bad input fails with a code and a message naming the file or column', async () => {
  await withDir(async (dir) => {
    const good = join(dir, 'good.csv');
    await writeFile(good, 'a,b\n1,x\n2,y\n');
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    const headerOnly = join(dir, 'header.csv');
    await writeFile(headerOnly, 'a,b\n');
    const ragged = join(dir, 'ragged.csv');
    await writeFile(ragged, 'a,b\n1,2\n3,4,5,6\n"unterminated\n');
    const ragged2 = join(dir, 'ragged2.csv');
    await writeFile(ragged2, 'a,b\n1,2\n3,4,5,6\n');
    const parquet = join(dir, 'bad.parquet');
    await writeFile(parquet, 'not parquet at all');
    const cases: [() => Promise<unknown>, string, RegExp][] = [
      [() => profileTables([join(dir, 'nope.csv')]), 'FW_ERR_PROFILE_FILE_NOT_FOUND', /nope\.csv: no such file/],
      [() => profileTables([dir]), 'FW_ERR_PROFILE_FILE_NOT_FOUND', /not a regular file/],
      [() => profileTables([empty]), 'FW_ERR_PROFILE_UNREADABLE', /empty\.csv: the file is empty/],
            [() => profileTables([ragged]), 'FW_ERR_PROFILE_UNREADABLE', /ragged\.csv: cannot be read as CSV: line 3 has 4 fields, the header has 2/],
      [() => profileTables([ragged2]), 'FW_ERR_PROFILE_UNREADABLE', /ragged2\.csv: cannot be read as CSV: line 3 has 4 fields, the header has 2/],
      [() => profileTables([parquet]), 'FW_ERR_PROFILE_UNREADABLE', /bad\.parquet: cannot be read as Parquet/],
      [() => profileTables([good], { label: 'lbl' }), 'FW_ERR_PROFILE_UNKNOWN_COLUMN', /--label "lbl": no such column .*columns: "a", "b"/],
      [() => profileTables([]), 'FW_ERR_PROFILE_INVALID_OPTION', /files: expected at least one/],
      [() => profileTables([good], { sampleRows: 0 }), 'FW_ERR_PROFILE_INVALID_OPTION', /sampleRows/],
    ];
    for (const [p, code, msg] of cases) {
      await assert.rejects(p(), (e: unknown) => {
        assert.ok(isFwError(e), String(e));
        assert.equal(e.code, code);
        assert.match(e.message, msg);
        return true;
      });
    }
    // A header without rows is a valid (empty) table, not an error: the report says so.
    const r = await profileTables([headerOnly]);
    assert.equal(r.tables[0]!.rows, 0);
    assert.match(r.tables[0]!.notes.join(' '), /no data rows/);
    assert.match(await renderProfileHtml(r), /no data rows/);
  });
});

test('large tables are sampled for histograms and correlations, and the report says so', async () => {
  await withDir(async (dir) => {
    const f = join(dir, 'big.csv');
    await writeFile(f, 'x,y\n' + Array.from({ length: 3000 }, (_, i) => `${i},${(i * 7) % 13}`).join('\n') + '\n');
    const r = await profileTables([f], { sampleAbove: 1000, sampleRows: 500, seed: 3 });
    const t = r.tables[0]!;
    assert.equal(t.sampledRows, 500);
    assert.equal(t.columns[0]!.count, 3000, 'column statistics still use every row');
    assert.equal(t.histograms[0]!.bins.reduce((a, b) => a + b.count, 0), 500);
    const html = await renderProfileHtml(r);
    assert.match(html, /sample of 500 of 3,000 rows/);
  });
});
