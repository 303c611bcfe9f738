/**
 * Is the simulated fleet learnable, but not trivially? Compares, on a time split (train: first 70 % of days,
 * test: the rest), for the label "some component fails within the next 24 h":
 *   - the best single raw-sensor threshold rule (each sensor, both directions; AUC is threshold-free, so this is an
 *     upper bound on any one-threshold rule),
 *   - a small logistic regression on engineered features (24 h rolling sensor means relative to the machine's own
 *     previous week, error counts in the last 48 h, hours since each component's last maintenance).
 * Prints ROC AUC and average precision. Run: node dist/bench/sim-learnability.js [machines] [days] [seed]
 */
import { simulateFleet } from '../src/simulator/index.js';
import { SENSOR_NOISE_SD } from '../src/simulator/machine-models.js';

const machines = Number(process.argv[2] ?? 100);
const days = Number(process.argv[3] ?? 365);
const seed = Number(process.argv[4] ?? 42);
const t0 = Date.now();
const { tables } = simulateFleet({ machines, days, seed });
const H = days * 24;
const startMs = Date.UTC(2015, 0, 1, 6);
const hourOf = (dt: string) => Math.round((Date.parse(dt.replace(' ', 'T') + 'Z') - startMs) / 3_600_000);
const tel = [tables.telemetry.volt, tables.telemetry.rotate, tables.telemetry.pressure, tables.telemetry.vibration];

// Per machine: failure hours, error hours per code, maintenance hours per component.
const fail = Array.from({ length: machines + 1 }, () => [] as number[]);
for (const f of tables.failures) fail[f.machineID]!.push(hourOf(f.datetime));
const errs = Array.from({ length: machines + 1 }, () => Array.from({ length: 5 }, () => new Int32Array(H)));
for (const e of tables.errors) { const h = hourOf(e.datetime); if (h >= 0 && h < H) errs[e.machineID]![Number(e.errorID.slice(5)) - 1]![h]!++; }
const maint = Array.from({ length: machines + 1 }, () => Array.from({ length: 4 }, () => [] as number[]));
for (const m of tables.maint) maint[m.machineID]![Number(m.comp.slice(4)) - 1]!.push(hourOf(m.datetime));

const STEP = 3; // every 3rd hour keeps the bench quick; neighbouring hours are nearly duplicates anyway
const NF = 4 + 5 + 4;
const rows: { x: Float64Array; raw: Float64Array; y: number; train: boolean }[] = [];
for (let m = 1; m <= machines; m++) {
  const base = (m - 1) * H;
  const cum = tel.map((col) => { const c = new Float64Array(H + 1); for (let h = 0; h < H; h++) c[h + 1] = c[h]! + col[base + h]!; return c; });
  const ecum = errs[m]!.map((col) => { const c = new Float64Array(H + 1); for (let h = 0; h < H; h++) c[h + 1] = c[h]! + col[h]!; return c; });
  for (let h = 8 * 24; h < H - 24; h += STEP) {
    const x = new Float64Array(NF);
    const raw = new Float64Array(4);
    for (let s = 0; s < 4; s++) {
      const recent = (cum[s]![h + 1]! - cum[s]![h - 23]!) / 24;
      const week = (cum[s]![h - 23]! - cum[s]![h - 191]!) / 168;
      x[s] = (recent - week) / SENSOR_NOISE_SD[s]!;
      raw[s] = tel[s]![base + h]!;
    }
    for (let e = 0; e < 5; e++) x[4 + e] = ecum[e]![h + 1]! - ecum[e]![Math.max(0, h - 47)]!;
    for (let c = 0; c < 4; c++) {
      const last = maint[m]![c]!.filter((t) => t <= h).pop() ?? -5000;
      x[9 + c] = Math.min(h - last, 5000) / 2160;
    }
    const y = fail[m]!.some((f) => f > h && f <= h + 24) ? 1 : 0;
    rows.push({ x, raw, y, train: h < 0.7 * H });
  }
}

function auc(scores: Float64Array, y: Uint8Array): { auc: number; ap: number } {
  const idx = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  const P = y.reduce((a, b) => a + b, 0), N = y.length - P;
  let tp = 0, fp = 0, area = 0, ap = 0;
  for (const i of idx) {
    if (y[i]) { tp++; ap += tp / (tp + fp); } else { fp++; area += tp; }
  }
  return { auc: area / (P * N), ap: ap / P };
}

const train = rows.filter((r) => r.train), test = rows.filter((r) => !r.train);
const yTest = Uint8Array.from(test.map((r) => r.y));
console.log(`fleet ${machines} machines × ${days} days (seed ${seed}); ${rows.length} rows (every ${STEP} h), test positives ${yTest.reduce((a, b) => a + b, 0)}/${test.length}`);
const names = ['volt', 'rotate', 'pressure', 'vibration'];
let bestRaw = 0;
for (let s = 0; s < 4; s++) {
  for (const dir of [1, -1]) {
    const r = auc(Float64Array.from(test.map((t) => dir * t.raw[s]!)), yTest);
    bestRaw = Math.max(bestRaw, r.auc);
    console.log(`  raw ${names[s]} ${dir > 0 ? 'high' : 'low '} threshold: AUC ${r.auc.toFixed(3)}  AP ${r.ap.toFixed(3)}`);
  }
}

// Logistic regression, standardised features, class-weighted full-batch gradient descent.
const mu = new Float64Array(NF), sd = new Float64Array(NF);
for (const r of train) for (let j = 0; j < NF; j++) mu[j] += r.x[j]! / train.length;
for (const r of train) for (let j = 0; j < NF; j++) sd[j] += (r.x[j]! - mu[j]!) ** 2 / train.length;
for (let j = 0; j < NF; j++) sd[j] = Math.sqrt(sd[j]!) || 1;
const z = (x: Float64Array) => Float64Array.from(x, (v, j) => (v - mu[j]!) / sd[j]!);
const Xtr = train.map((r) => z(r.x)), ytr = train.map((r) => r.y);
const pos = ytr.reduce((a, b) => a + b, 0), wPos = (ytr.length - pos) / Math.max(1, pos);
const w = new Float64Array(NF + 1);
for (let it = 0; it < 300; it++) {
  const g = new Float64Array(NF + 1);
  let wsum = 0;
  for (let i = 0; i < Xtr.length; i++) {
    const x = Xtr[i]!;
    let s = w[NF]!;
    for (let j = 0; j < NF; j++) s += w[j]! * x[j]!;
    const p = 1 / (1 + Math.exp(-s));
    const cw = ytr[i] ? wPos : 1;
    const d = cw * (p - ytr[i]!);
    for (let j = 0; j < NF; j++) g[j] += d * x[j]!;
    g[NF] += d;
    wsum += cw;
  }
  for (let j = 0; j <= NF; j++) w[j] -= (0.5 * g[j]!) / wsum;
}
const scores = Float64Array.from(test, (r) => { const x = z(r.x); let s = w[NF]!; for (let j = 0; j < NF; j++) s += w[j]! * x[j]!; return s; });
const lr = auc(scores, yTest);
console.log(`  logistic regression on rolling features: AUC ${lr.auc.toFixed(3)}  AP ${lr.ap.toFixed(3)}`);
console.log(`best single raw-sensor AUC ${bestRaw.toFixed(3)} vs model ${lr.auc.toFixed(3)}; ${((Date.now() - t0) / 1000).toFixed(1)}s (machine shared, timings noisy)`);
