import type { Project } from '../config/load.js';
import { parseDuration } from '../features/duration.js';
import { openDuck, ident, literal } from '../data/duckdb.js';
import { MonitorErrors } from './errors.js';
import type { FailureRecord } from './performance.js';

/**
 * The failure records realised performance is measured against, read with the training label's own definition:
 * `label.table` (its file in `data.tables`), entity and time columns (label overrides, else the feature base's),
 * the listed `label.categories` only, and `label.horizon`. The file is read as it is now: ground truth that arrived
 * after training counts.
 */
export async function readFailures(project: Project): Promise<{ failures: FailureRecord[]; horizonMs: number; source: string }> {
  const label = project.config.label;
  if (!label || label.kind !== 'event') throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG('realised performance needs an event label (label.kind: event, with the failures table and horizon) in forewarn.yaml');
  const table = project.config.data?.tables?.[label.table];
  if (!table) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG(`label.table ${JSON.stringify(label.table)} is not one of data.tables`);
  const base = project.config.features?.base;
  const entity = label.entity ?? base?.entity;
  const time = label.time ?? base?.time;
  if (!entity || !time) throw MonitorErrors.FW_ERR_MONITOR_INVALID_CONFIG('the failures table needs entity and time columns (label.entity/label.time or features.base.entity/time)');
  const path = project.resolve(table.path);
  const duck = await openDuck(':memory:', 1);
  try {
    const cat = label.category ? `cast(${ident(label.category)} as varchar)` : 'null';
    const rows = await duck.all<{ e: string; t: number; c: string | null }>(
      `select cast(${ident(entity)} as varchar) as e, epoch_ms(cast(${ident(time)} as timestamp))::double as t, ${cat} as c from read_csv_auto(${literal(path)}) order by 2, 1`,
    );
    const keep = label.categories ? new Set(label.categories) : null;
    const failures = rows.filter((r) => !keep || (r.c !== null && keep.has(r.c))).map((r) => ({ entity: r.e, time: Number(r.t) }));
    return { failures, horizonMs: parseDuration(label.horizon)!, source: table.path };
  } finally {
    duck.close();
  }
}
