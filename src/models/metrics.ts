/**
 * Small metrics the learners need internally (OOB score, benches). The evaluation area owns the full metric suite;
 * this is only what a fit reports about itself.
 */

/** ROC-AUC by the rank-sum (Mann–Whitney) formula, ties counted half. null when a class is absent. */
export function rocAuc(score: Float64Array, label: Int32Array): number | null {
  const n = score.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (label[i] === 1) nPos++;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  let rankSumPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score[idx[j + 1]!] === score[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (label[idx[k]!] === 1) rankSumPos += avgRank;
    i = j + 1;
  }
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function accuracy(proba: Float64Array, K: number, label: Int32Array): number {
  const n = label.length;
  let ok = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (proba[i * K + k]! > proba[i * K + best]!) best = k;
    if (best === label[i]) ok++;
  }
  return n > 0 ? ok / n : 0;
}
