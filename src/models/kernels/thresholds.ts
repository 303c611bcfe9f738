/** Raw threshold for a numeric split that sends bins 0..lastLeftBin left. */
export function thresholdFor(edges: Float64Array, lastLeftBin: number): number {
  // The last value bin has no upper cut: such a split separates "any value" from "missing". MAX_VALUE (not
  // Infinity) keeps the model JSON-encodable.
  return lastLeftBin < edges.length ? edges[lastLeftBin]! : Number.MAX_VALUE;
}
