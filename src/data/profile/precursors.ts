/**
 * How failures are announced in Azure-PdM-shaped tables (telemetry, errors, maint, failures): the measurement the
 * simulator's precursor physics is calibrated against (docs/simulator-and-profile.md), run the same way on the real
 * subset and on a simulated fleet.
 *
 * - Sensor precursors: the 3 h / 24 h rolling mean and rolling SD of each sensor (the quickstart's features), each
 *   standardised against its own machine's normal level (mean and SD over "normal" hours: not within 7 days before
 *   any failure, not within 24 h after a failure or maintenance). The effect size of a lead bucket is the mean of
 *   that z-score over all hours of the bucket before failures of the component (a standardised mean difference).
 *   The onset is the largest lead (hours) from which the hourly mean z of the component's main feature stays ≥ 1.
 * - Errors: per error type, its rate per machine-hour in the 24 h before a failure of each component, and in 24–72 h
 *   before it, against its rate over normal hours; and the share of failures with at least one such error in the
 *   24 h before.
 * - Maintenance: days since the component's previous maintenance at failure, and the main feature's z in the day
 *   before vs the day after a scheduled maintenance (one without a failure) — does a replacement reset wear?
 *
 * Only the machines and hours covered by the telemetry count (the real event tables span 100 machines and 2015).
 */
import { openDuck, literal, type Duck } from '../duckdb.js';

export const SENSOR_NAMES = ['volt', 'rotate', 'pressure', 'vibration'] as const;
export const FEATURE_STATS = ['mean3', 'sd3', 'mean24', 'sd24'] as const;
export type FeatureStat = (typeof FEATURE_STATS)[number];
/** Lead buckets (hours before the failure, lower exclusive, upper inclusive). */
export const LEAD_BUCKETS: readonly [number, number][] = [[0, 6], [6, 12], [12, 24], [24, 48], [48, 72], [72, 120], [120, 168]];

export interface PrecursorFiles {
  telemetry: string;
  errors: string;
  maint: string;
  failures: string;
}

export interface SensorEffect {
  comp: string;
  sensor: string;
  stat: FeatureStat;
  /** Mean z per LEAD_BUCKETS entry (NaN when no hour falls in the bucket). */
  smd: number[];
  /** SD across failures of the per-failure mean z in the (0, 24] h bucket: failure-to-failure variation. */
  spread24: number;
}

export interface ComponentSummary {
  comp: string;
  failures: number;
  /** The feature with the largest |mean z| over (0, 24] h: the component's main precursor. */
  main: { sensor: string; stat: FeatureStat; smd24: number; spread24: number };
  /** Largest lead (h) from which the hourly mean z of the main feature stays ≥ 1 up to the failure (0: never). */
  onsetHours: number;
  /** Per error type: rate ratio (0, 24] h before vs normal hours; (24, 72] h likewise; share of failures with one. */
  errors: { error: string; ratio24: number; ratio72: number; share24: number }[];
  /** Median days since this component's previous maintenance at failure. */
  medianDaysSinceMaint: number;
}

export interface PrecursorReport {
  machines: number;
  hours: number;
  effects: SensorEffect[];
  components: ComponentSummary[];
  /** Errors per machine-day over normal hours, by type. */
  baselineErrorsPerDay: Record<string, number>;
  /** Main feature's mean z in the 24 h before vs 24–48 h after a scheduled (non-failure) maintenance, per component. */
  maintReset: { comp: string; before: number; after: number; n: number }[];
  /**
   * Noise over normal hours, per sensor (means over machines): hourly SD, and the SD of the 3 h and 24 h rolling
   * means as a fraction of it (1/√3 = 0.577 and 1/√24 = 0.204 for independent hourly noise; more means slow
   * variation that a rolling mean does not average away).
   */
  noise: { sensor: string; hourlySd: number; ratio3: number; ratio24: number }[];
  /**
   * Precursor-like excursions with no failure after them: runs of ≥ 12 normal hours whose 24 h rolling mean is ≥ 3 of
   * its SDs above (+) or below (−) the machine's normal level, per sensor and sign; per machine-year and median length.
   */
  excursions: { sensor: string; sign: 1 | -1; perMachineYear: number; medianHours: number }[];
  /**
   * Life after a replacement, over the whole event tables (every machine, the failures' period): failures per 1,000
   * component-days (calendar days) by days since that component's previous maintenance (LIFE_BUCKETS), and quartiles at
   * failure.
   */
  lifeAfterMaint: { from: number; to: number; componentDays: number; failures: number; perThousand: number }[];
  daysSinceMaintAtFailure: [number, number, number];
  /** Failures (whole event tables) and how many share their timestamp with another component's failure. */
  jointFailures: { failures: number; joint: number };
}

export const LIFE_BUCKETS: readonly [number, number][] = [[0, 15], [15, 30], [30, 45], [45, 60], [60, 90], [90, 120], [120, 180], [180, 100_000]];

const COMPS = ['comp1', 'comp2', 'comp3', 'comp4'];
const ERRS = ['error1', 'error2', 'error3', 'error4', 'error5'];

async function load(duck: Duck, f: PrecursorFiles): Promise<void> {
  const csv = (p: string) => `read_csv(${literal(p)}, header = true, timestampformat = '%Y-%m-%d %H:%M:%S')`;
  await duck.run(`CREATE TABLE tel AS SELECT CAST(datetime AS TIMESTAMP) AS t, CAST(machineID AS INTEGER) AS m,
    CAST(volt AS DOUBLE) AS volt, CAST(rotate AS DOUBLE) AS rotate, CAST(pressure AS DOUBLE) AS pressure, CAST(vibration AS DOUBLE) AS vibration FROM ${csv(f.telemetry)}`);
  await duck.run(`CREATE TABLE span AS SELECT m, min(t) AS t0, max(t) AS t1 FROM tel GROUP BY m`);
  for (const [name, path, col] of [['fail', f.failures, 'failure'], ['maint', f.maint, 'comp'], ['err', f.errors, 'errorID']] as const) {
    await duck.run(`CREATE TABLE ${name} AS SELECT CAST(e.datetime AS TIMESTAMP) AS t, CAST(e.machineID AS INTEGER) AS m, CAST(e.${col} AS VARCHAR) AS code
      FROM ${csv(path)} e`);
  }
  // Rolling features as the quickstart's feature spec defines them (rows of the machine's own hourly series).
  const roll = SENSOR_NAMES.map((s) => [
    `avg(${s}) OVER w3 AS ${s}_mean3`, `stddev_samp(${s}) OVER w3 AS ${s}_sd3`,
    `avg(${s}) OVER w24 AS ${s}_mean24`, `stddev_samp(${s}) OVER w24 AS ${s}_sd24`,
  ].join(', ')).join(', ');
  await duck.run(`CREATE TABLE feat AS SELECT * FROM (
      SELECT m, t, row_number() OVER (PARTITION BY m ORDER BY t) AS rn, ${roll} FROM tel
      WINDOW w3 AS (PARTITION BY m ORDER BY t ROWS BETWEEN 2 PRECEDING AND CURRENT ROW),
             w24 AS (PARTITION BY m ORDER BY t ROWS BETWEEN 23 PRECEDING AND CURRENT ROW)) WHERE rn >= 24`);
  // Normal hours: far from any failure (before) and not just after a failure or maintenance.
  await duck.run(`CREATE TABLE feat_n AS SELECT f.*, NOT EXISTS (SELECT 1 FROM fail x WHERE x.m = f.m AND x.t > f.t AND x.t <= f.t + INTERVAL 168 HOUR)
      AND NOT EXISTS (SELECT 1 FROM maint x WHERE x.m = f.m AND x.t <= f.t AND x.t > f.t - INTERVAL 24 HOUR) AS normal FROM feat f`);
  const cols = SENSOR_NAMES.flatMap((s) => FEATURE_STATS.map((st) => `${s}_${st}`));
  await duck.run(`CREATE TABLE norm AS SELECT m, ${cols.map((c) => `avg(${c}) AS mu_${c}, stddev_samp(${c}) AS sd_${c}`).join(', ')} FROM feat_n WHERE normal GROUP BY m`);
  await duck.run(`CREATE TABLE z AS SELECT f.m, f.t, f.normal, ${cols.map((c) => `(f.${c} - n.mu_${c}) / nullif(n.sd_${c}, 0) AS ${c}`).join(', ')}
      FROM feat_n f JOIN norm n USING (m)`);
  // Hours before each failure (up to 7 days), with their lead.
  await duck.run(`CREATE TABLE pre AS SELECT x.code AS comp, x.m AS fm, x.t AS ft, CAST(epoch(x.t - z.t) / 3600 AS INTEGER) AS lead, z.*
      FROM fail x JOIN z ON z.m = x.m AND z.t < x.t AND z.t >= x.t - INTERVAL 168 HOUR`);
}

const bucketCase = `CASE ${LEAD_BUCKETS.map(([a, b], i) => `WHEN lead > ${a} AND lead <= ${b} THEN ${i}`).join(' ')} END`;

export async function measurePrecursors(files: PrecursorFiles): Promise<PrecursorReport> {
  const duck = await openDuck(':memory:', 1);
  try {
    await load(duck, files);
    const [{ machines, hours }] = await duck.all<{ machines: number; hours: number }>(`SELECT count(DISTINCT m) AS machines, count(*) AS hours FROM tel`);
    const effects: SensorEffect[] = [];
    for (const s of SENSOR_NAMES) {
      for (const st of FEATURE_STATS) {
        const c = `${s}_${st}`;
        const rows = await duck.all<{ comp: string; b: number; v: number }>(
          `SELECT comp, ${bucketCase} AS b, avg(${c}) AS v FROM pre GROUP BY ALL`);
        const spread = await duck.all<{ comp: string; v: number }>(
          `SELECT comp, stddev_samp(v) AS v FROM (SELECT comp, fm, ft, avg(${c}) AS v FROM pre WHERE lead <= 24 GROUP BY ALL) GROUP BY comp`);
        for (const comp of COMPS) {
          const smd = LEAD_BUCKETS.map((_, i) => rows.find((r) => r.comp === comp && r.b === i)?.v ?? NaN);
          effects.push({ comp, sensor: s, stat: st, smd, spread24: spread.find((r) => r.comp === comp)?.v ?? NaN });
        }
      }
    }
    const inWindow = `JOIN span s ON s.m = e.m AND e.t >= s.t0 AND e.t <= s.t1`;
    const [{ normalHours }] = await duck.all<{ normalHours: number }>(`SELECT count(*) AS normalHours FROM z WHERE normal`);
    const baseline = await duck.all<{ code: string; n: number }>(
      `SELECT e.code, count(*) AS n FROM err e ${inWindow} JOIN z ON z.m = e.m AND z.t = e.t WHERE z.normal GROUP BY e.code`);
    const baseRate = (code: string) => (baseline.find((r) => r.code === code)?.n ?? 0) / Math.max(1, normalHours);
    const baselineErrorsPerDay = Object.fromEntries(ERRS.map((e) => [e, baseRate(e) * 24]));

    const components: ComponentSummary[] = [];
    for (const comp of COMPS) {
      const fails = await duck.all<{ m: number; t: Date }>(`SELECT e.m, e.t FROM fail e ${inWindow} WHERE e.code = ${literal(comp)} AND e.t >= s.t0 + INTERVAL 168 HOUR`);
      const comps = effects.filter((e) => e.comp === comp && Number.isFinite(e.smd[2]!));
      // Main feature: the largest |z| in the last day (mean over the three buckets of (0, 24] h).
      const day = (e: SensorEffect) => (e.smd[0]! * 6 + e.smd[1]! * 6 + e.smd[2]! * 12) / 24;
      const main = comps.sort((a, b) => Math.abs(day(b)) - Math.abs(day(a)))[0];
      let onsetHours = 0;
      if (main) {
        const prof = await duck.all<{ lead: number; v: number }>(
          `SELECT lead, avg(${main.sensor}_${main.stat}) AS v FROM pre WHERE comp = ${literal(comp)} GROUP BY lead ORDER BY lead`);
        const sign = Math.sign(day(main));
        for (const p of prof) {
          if (sign * p.v >= 1) onsetHours = p.lead;
          else break;
        }
      }
      const errRows = await duck.all<{ code: string; n24: number; n72: number; f24: number }>(
        `SELECT e.code, count(*) FILTER (WHERE e.t >= x.t - INTERVAL 24 HOUR) AS n24,
           count(*) FILTER (WHERE e.t < x.t - INTERVAL 24 HOUR) AS n72,
           count(DISTINCT (x.m, x.t)) FILTER (WHERE e.t >= x.t - INTERVAL 24 HOUR) AS f24
         FROM fail x ${inWindow.replace(/e\./g, 'x.')} JOIN err e ON e.m = x.m AND e.t < x.t AND e.t >= x.t - INTERVAL 72 HOUR
         WHERE x.code = ${literal(comp)} AND x.t >= s.t0 + INTERVAL 72 HOUR GROUP BY e.code`);
      const [{ nf }] = await duck.all<{ nf: number }>(
        `SELECT count(*) AS nf FROM fail x ${inWindow.replace(/e\./g, 'x.')} WHERE x.code = ${literal(comp)} AND x.t >= s.t0 + INTERVAL 72 HOUR`);
      const errors = ERRS.map((e) => {
        const r = errRows.find((x) => x.code === e);
        const rate24 = (r?.n24 ?? 0) / Math.max(1, nf * 24), rate72 = (r?.n72 ?? 0) / Math.max(1, nf * 48);
        const b = baseRate(e);
        return { error: e, ratio24: b > 0 ? rate24 / b : NaN, ratio72: b > 0 ? rate72 / b : NaN, share24: nf ? (r?.f24 ?? 0) / nf : NaN };
      });
      const [{ med }] = await duck.all<{ med: number | null }>(
        `SELECT median(epoch(x.t - (SELECT max(p.t) FROM maint p WHERE p.m = x.m AND p.code = x.code AND p.t < x.t)) / 86400) AS med
         FROM fail x ${inWindow.replace(/e\./g, 'x.')} WHERE x.code = ${literal(comp)}`);
      components.push({
        comp, failures: fails.length,
        main: main ? { sensor: main.sensor, stat: main.stat, smd24: day(main), spread24: main.spread24 } : { sensor: '', stat: 'mean24', smd24: NaN, spread24: NaN },
        onsetHours, errors, medianDaysSinceMaint: med ?? NaN,
      });
    }
    const maintReset: PrecursorReport['maintReset'] = [];
    for (const c of components) {
      if (!c.main.sensor) continue;
      const col = `${c.main.sensor}_${c.main.stat}`;
      const [r] = await duck.all<{ before: number; after: number; n: number }>(
        `SELECT avg(b) AS before, avg(a) AS after, count(*) AS n FROM (
           SELECT (SELECT avg(${col}) FROM z WHERE z.m = p.m AND z.t < p.t AND z.t >= p.t - INTERVAL 24 HOUR) AS b,
                  (SELECT avg(${col}) FROM z WHERE z.m = p.m AND z.t >= p.t + INTERVAL 24 HOUR AND z.t < p.t + INTERVAL 48 HOUR) AS a
           FROM maint p WHERE p.code = ${literal(c.comp)} AND NOT EXISTS (SELECT 1 FROM fail x WHERE x.m = p.m AND x.t = p.t AND x.code = p.code))
         WHERE a IS NOT NULL AND b IS NOT NULL`);
      maintReset.push({ comp: c.comp, before: r?.before ?? NaN, after: r?.after ?? NaN, n: r?.n ?? 0 });
    }
    const noise: PrecursorReport['noise'] = [];
    for (const s of SENSOR_NAMES) {
      const [r] = await duck.all<{ sd: number; r3: number; r24: number }>(
        `SELECT avg(sd) AS sd, avg(s3 / sd) AS r3, avg(s24 / sd) AS r24 FROM (
           SELECT t.m, stddev_samp(t.${s}) AS sd, stddev_samp(f.${s}_mean3) AS s3, stddev_samp(f.${s}_mean24) AS s24
           FROM feat_n f JOIN tel t USING (m, t) WHERE f.normal GROUP BY t.m)`);
      noise.push({ sensor: s, hourlySd: r?.sd ?? NaN, ratio3: r?.r3 ?? NaN, ratio24: r?.r24 ?? NaN });
    }
    const excursions: PrecursorReport['excursions'] = [];
    const [{ normalTotal }] = await duck.all<{ normalTotal: number }>(`SELECT count(*) AS normalTotal FROM z WHERE normal`);
    for (const s of SENSOR_NAMES) {
      for (const sign of [1, -1] as const) {
        const [r] = await duck.all<{ runs: number; med: number | null }>(
          `WITH hi AS (SELECT m, t FROM z WHERE normal AND ${sign} * ${s}_mean24 >= 3),
                g AS (SELECT m, t - to_hours(CAST(row_number() OVER (PARTITION BY m ORDER BY t) AS BIGINT)) AS k FROM hi),
                runs AS (SELECT m, k, count(*) AS n FROM g GROUP BY m, k HAVING count(*) >= 12)
           SELECT count(*) AS runs, median(n) AS med FROM runs`);
        excursions.push({ sensor: s, sign, perMachineYear: ((r?.runs ?? 0) / Math.max(1, normalTotal)) * 8760, medianHours: r?.med ?? NaN });
      }
    }
    await duck.run(`CREATE TABLE cdays AS SELECT m.m, c.code, d.t, epoch(d.t - (SELECT max(date_trunc('day', x.t)) FROM maint x WHERE x.m = m.m AND x.code = c.code AND x.t < d.t)) / 86400 AS since,
        EXISTS (SELECT 1 FROM fail f WHERE f.m = m.m AND f.code = c.code AND f.t >= d.t AND f.t < d.t + INTERVAL 1 DAY) AS failed
      FROM (SELECT DISTINCT m FROM maint) m, (SELECT DISTINCT code FROM maint) c,
        (SELECT unnest(generate_series((SELECT date_trunc('day', min(t)) FROM fail), (SELECT max(t) FROM fail), INTERVAL 1 DAY)) AS t) d`);
    const life = await duck.all<{ b: number; n: number; f: number }>(
      `SELECT CASE ${LIFE_BUCKETS.map(([a, b], i) => `WHEN since >= ${a} AND since < ${b} THEN ${i}`).join(' ')} END AS b, count(*) AS n, count(*) FILTER (WHERE failed) AS f
       FROM cdays WHERE since IS NOT NULL GROUP BY 1`);
    const lifeAfterMaint = LIFE_BUCKETS.map(([from, to], i) => {
      const r = life.find((x) => x.b === i);
      return { from, to, componentDays: r?.n ?? 0, failures: r?.f ?? 0, perThousand: r && r.n ? (1000 * r.f) / r.n : NaN };
    });
    const [q] = await duck.all<{ q: number[] | null }>(`SELECT quantile_cont(since, [0.25, 0.5, 0.75]) AS q FROM cdays WHERE failed`);
    const daysSinceMaintAtFailure = (q?.q ?? [NaN, NaN, NaN]) as [number, number, number];
    const [jf] = await duck.all<{ n: number; j: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM fail y WHERE y.m = x.m AND y.t = x.t AND y.code <> x.code)) AS j FROM fail x`);
    const jointFailures = { failures: jf?.n ?? 0, joint: jf?.j ?? 0 };
    return { machines, hours, effects, components, baselineErrorsPerDay, maintReset, noise, excursions, lifeAfterMaint, daysSinceMaintAtFailure, jointFailures };
  } finally {
    duck.close();
  }
}

const f2 = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

/** Markdown tables of a report (what docs/simulator-and-profile.md quotes). */
export function formatPrecursorReport(r: PrecursorReport, title: string): string {
  const out: string[] = [`### ${title} (${r.machines} machines, ${r.hours.toLocaleString('en-US')} machine-hours)`, ''];
  out.push('| comp | failures | main feature | z (0–24 h) | sd across failures | onset (h, z ≥ 1) | days since maint (median) |', '|---|---|---|---|---|---|---|');
  for (const c of r.components) out.push(`| ${c.comp} | ${c.failures} | ${c.main.sensor} ${c.main.stat} | ${f2(c.main.smd24)} | ${f2(c.main.spread24)} | ${c.onsetHours} | ${f2(c.medianDaysSinceMaint)} |`);
  out.push('', `Mean z of the main feature and of the other sensors' 24 h mean, per lead bucket (h before failure): ${LEAD_BUCKETS.map(([a, b]) => `${a}–${b}`).join(', ')}`, '');
  out.push('| comp | feature | ' + LEAD_BUCKETS.map(([a, b]) => `${a}–${b} h`).join(' | ') + ' |', '|---|---|' + LEAD_BUCKETS.map(() => '---|').join(''));
  for (const c of r.components) {
    const shown = r.effects.filter((e) => e.comp === c.comp && ((e.sensor === c.main.sensor) || e.stat === 'mean24'));
    for (const e of shown) out.push(`| ${c.comp} | ${e.sensor} ${e.stat} | ${e.smd.map(f2).join(' | ')} |`);
  }
  out.push('', `Errors: rate ratio vs normal hours in the 24 h before failure / 24–72 h before / share of failures with one in the 24 h before. Baseline per machine-day: ${ERRS.map((e) => `${e} ${r.baselineErrorsPerDay[e]!.toFixed(3)}`).join(', ')}`, '');
  out.push('| comp | ' + ERRS.join(' | ') + ' |', '|---|' + ERRS.map(() => '---|').join(''));
  for (const c of r.components) out.push(`| ${c.comp} | ${c.errors.map((e) => `${f2(e.ratio24)} / ${f2(e.ratio72)} / ${f2(e.share24)}`).join(' | ')} |`);
  out.push('', 'Scheduled maintenance (no failure): main feature z in the 24 h before / 24–48 h after', '');
  out.push('| comp | before | after | n |', '|---|---|---|---|');
  for (const m of r.maintReset) out.push(`| ${m.comp} | ${f2(m.before)} | ${f2(m.after)} | ${m.n} |`);
  out.push('', 'Noise over normal hours: hourly SD; SD of the 3 h / 24 h rolling mean as a fraction of it (independent noise: 0.577 / 0.204)', '');
  out.push('| sensor | hourly SD | 3 h mean | 24 h mean |', '|---|---|---|---|');
  for (const n of r.noise) out.push(`| ${n.sensor} | ${f2(n.hourlySd)} | ${n.ratio3.toFixed(3)} | ${n.ratio24.toFixed(3)} |`);
  out.push('', 'Excursions with no failure after them (runs of ≥ 12 normal hours with the 24 h mean ≥ 3 SDs off the normal level)', '');
  out.push('| sensor | up: per machine-year | up: median h | down: per machine-year | down: median h |', '|---|---|---|---|---|');
  for (const s of SENSOR_NAMES) {
    const up = r.excursions.find((e) => e.sensor === s && e.sign === 1)!, down = r.excursions.find((e) => e.sensor === s && e.sign === -1)!;
    out.push(`| ${s} | ${f2(up.perMachineYear)} | ${f2(up.medianHours)} | ${f2(down.perMachineYear)} | ${f2(down.medianHours)} |`);
  }
  out.push('', `Life after a replacement (all machines of the event tables): failures per 1,000 component-days by days since the component's previous maintenance; at failure, quartiles ${r.daysSinceMaintAtFailure.map((x) => x.toFixed(0)).join(' / ')} days`, '');
  out.push('| ' + r.lifeAfterMaint.map((b) => (b.to > 10_000 ? `${b.from}+ d` : `${b.from}–${b.to} d`)).join(' | ') + ' |', '|' + r.lifeAfterMaint.map(() => '---|').join(''));
  out.push('| ' + r.lifeAfterMaint.map((b) => `${f2(b.perThousand)} (${b.failures}/${b.componentDays})`).join(' | ') + ' |');
  out.push('', `Joint failures: ${r.jointFailures.joint} of ${r.jointFailures.failures} failures share their timestamp with another component's failure of the same machine.`);
  return out.join('\n');
}
