/**
 * float64 → float32 threshold rounding for ONNX tree nodes. ONNX TreeEnsemble thresholds are float32 and onnxruntime
 * compares the float32 input against them. Rounding `t` DOWN to the largest float32 t32 ≤ t keeps the split exact
 * for every float32 input x: x ≤ t ⇔ x ≤ t32 (no float32 lies in (t32, t]). Round-to-nearest could move the
 * threshold above t and send values in (t, t32] left.
 *
 * Residual risk (documented in docs): a float64 input is cast to float32 before it reaches the model, so a float64
 * x with t32 < x ≤ t (x not representable in float32) is routed by fround(x), which may land on either side.
 * Training data that came from float32 sources (most sensors, DuckDB FLOAT columns) is unaffected.
 */
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The largest float32 ≤ t (t itself when representable). */
export function float32AtMost(t: number): number {
  const r = Math.fround(t);
  if (r <= t || Number.isNaN(t)) return r;
  return nextDown32(r);
}

/** The float32 immediately below a float32 value (r > -Infinity). */
export function nextDown32(r: number): number {
  if (r === 0) return -1.401298464324817e-45; // below both +0 and -0 is the smallest negative subnormal
  f32[0] = r;
  if (r > 0) i32[0]! -= 1;
  else i32[0]! += 1;
  return f32[0]!;
}
