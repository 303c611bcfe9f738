import type { SqlStore } from '../db/sql-store.js';
import { fromJsonText } from '../db/json-columns.js';
import { parseBaseline, type Baseline } from './baseline.js';
import { CoreErrors } from '../core/errors.js';

/**
 * Baselines of registered versions, one per (model, version), in the project's SQL store. Written once when the
 * version is registered; writing a different baseline for a version that has one is refused (the reference a
 * version was monitored against must not change under it), writing the same one again is a no-op.
 */
export class SqlBaselineStore {
  constructor(private readonly store: SqlStore) {}

  async put(model: string, version: number, baseline: Baseline): Promise<'stored' | 'unchanged'> {
    const text = JSON.stringify(baseline);
    const existing = await this.store.db.selectFrom('model_baselines').select('baseline').where('model_name', '=', model).where('version', '=', version).executeTakeFirst();
    if (existing) {
      const same = JSON.stringify({ ...parseBaseline(JSON.parse(existing.baseline), 'stored'), createdAt: '' }) === JSON.stringify({ ...baseline, createdAt: '' });
      if (same) return 'unchanged';
      throw CoreErrors.FW_ERR_CORE_CONFLICT(`${model} v${version} already has a different baseline; a version's reference never changes (register a new version instead)`);
    }
    await this.store.db.insertInto('model_baselines').values({ model_name: model, version, rows: baseline.rows, baseline: text, created_at: baseline.createdAt }).execute();
    return 'stored';
  }

  async get(model: string, version: number): Promise<Baseline | undefined> {
    const r = await this.store.db.selectFrom('model_baselines').select('baseline').where('model_name', '=', model).where('version', '=', version).executeTakeFirst();
    return r ? parseBaseline(fromJsonText(r.baseline, 'model_baselines.baseline'), `baseline of ${model} v${version}`) : undefined;
  }
}
