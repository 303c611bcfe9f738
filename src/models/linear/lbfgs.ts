/**
 * Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4/7.5) with a backtracking Armijo line search. Deterministic:
 * the same start and objective give bit-identical iterates. Used for the (strictly convex when L2 > 0) logistic
 * objective, where Armijo backtracking plus a curvature check on stored pairs is robust and simple.
 */

export interface LbfgsOptions {
  maxIter: number;
  /** Converged when max |g_i| ≤ gradTol. */
  gradTol: number;
  /** History size. */
  memory?: number;
  onIteration?: (iter: number, f: number, gMax: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  gradMaxAbs: number;
  iterations: number;
  converged: boolean;
  /**
   * Why it stopped: 'gradient' (tolerance met); 'max_iter'; 'no_progress' (the line search could not decrease f);
   * 'float_precision' (f stopped changing in float64 for STALL_LIMIT iterations: the optimum is reached as far as
   * float64 can tell; converged when max|g| ≤ max(gradTol, 1e-6)).
   */
  reason: 'gradient' | 'max_iter' | 'no_progress' | 'float_precision';
}

const STALL_LIMIT = 5;

/** `fg(x, g)` returns f(x) and writes the gradient into g. */
export function minimizeLbfgs(fg: (x: Float64Array, g: Float64Array) => number, x0: Float64Array, o: LbfgsOptions): LbfgsResult {
  const n = x0.length;
  const m = o.memory ?? 10;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(m);
  let iter = 0;
  let stalls = 0;
  let gMax = maxAbs(g);
  while (gMax > o.gradTol && iter < o.maxIter) {
    // Two-loop recursion: d = -H g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    for (let h = S.length - 1; h >= 0; h--) {
      alpha[h] = rho[h]! * dot(S[h]!, d);
      axpy(-alpha[h]!, Y[h]!, d);
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last]!, Y[last]!) / dot(Y[last]!, Y[last]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    }
    for (let h = 0; h < S.length; h++) {
      const beta = rho[h]! * dot(Y[h]!, d);
      axpy(alpha[h]! - beta, S[h]!, d);
    }
    let gd = dot(g, d);
    if (!(gd < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0; Y.length = 0; rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      gd = dot(g, d);
    }
    let step = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(g, g))) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      fNew = fg(xNew, gNew);
      if (fNew <= f + 1e-4 * step * gd) { accepted = true; break; }
      step *= 0.5;
    }
    iter++;
    if (!accepted) return { x, f, gradMaxAbs: gMax, iterations: iter, converged: false, reason: 'no_progress' };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) { s[i] = xNew[i]! - x[i]!; y[i] = gNew[i]! - g[i]!; }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (S.length === m) { S.shift(); Y.shift(); rho.shift(); }
      S.push(s); Y.push(y); rho.push(1 / sy);
    }
    const fPrev = f;
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    gMax = maxAbs(g);
    o.onIteration?.(iter, f, gMax);
    // Near the optimum the decrease g²/H falls below f's float64 rounding, so Armijo accepts steps that do not
    // move f and a tiny tol would loop until max_iter: stop once f has not moved for STALL_LIMIT iterations.
    stalls = fPrev - f <= 4 * Number.EPSILON * Math.max(1, Math.abs(f)) ? stalls + 1 : 0;
    if (stalls >= STALL_LIMIT && gMax > o.gradTol) {
      return { x, f, gradMaxAbs: gMax, iterations: iter, converged: gMax <= Math.max(o.gradTol, 1e-6), reason: 'float_precision' };
    }
  }
  return { x, f, gradMaxAbs: gMax, iterations: iter, converged: gMax <= o.gradTol, reason: gMax <= o.gradTol ? 'gradient' : 'max_iter' };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i]!;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) { const v = Math.abs(a[i]!); if (v > m) m = v; }
  return m;
}
