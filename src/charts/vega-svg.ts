import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Vega-Lite spec → standalone SVG string, rendered headless (no canvas, no browser), so reports embed charts
 * inline and open offline. Data must be inline (`data: { values: [...] }`); nothing is fetched.
 */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export type { TopLevelSpec };
