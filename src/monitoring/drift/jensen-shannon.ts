import type { DriftTest } from './drift-test.js';
import { sharesOf } from './psi.js';

/** Jensen–Shannon distance (√ of the divergence, natural log, as scipy.spatial.distance.jensenshannon). */
export function jensenShannonDistance(p: readonly number[], q: readonly number[]): number {
  const sp = p.reduce((a, b) => a + b, 0), sq = q.reduce((a, b) => a + b, 0);
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]! / sp, b = q[i]! / sq, m = (a + b) / 2;
    if (a > 0) d += a * Math.log(a / m);
    if (b > 0) d += b * Math.log(b / m);
  }
  return Math.sqrt(Math.max(0, d / 2));
}

export const jensenShannonTest: DriftTest = {
  name: 'jensen_shannon',
  columnKinds: ['numeric', 'categorical'],
  kind: 'distance',
  defaultThreshold: 0.1,
  compute(reference, window) {
    const [ref, cur] = sharesOf(reference, window);
    return { statistic: jensenShannonDistance(ref, cur) };
  },
};
