import type { Duck } from '../data/duckdb.js';
import { ident } from '../data/duckdb.js';
import type { Dataset } from '../models/dataset.js';
import { FeatureErrors } from './errors.js';
import { datasetFeatures, META, type ResolvedFeatureSpec } from './spec.js';
import { sqlList } from './offline/sql-parts.js';

/** A Dataset plus what each row is: which entity, when, and which base row it came from. */
export interface FeatureDataset {
  dataset: Dataset;
  /** Entity code per row: entityNames[entity[i]]. Codes follow the sorted entity names. */
  entity: Int32Array;
  entityNames: string[];
  /** Prediction time per row, epoch ms (NaN for data without time). */
  time: Float64Array;
  /** 1-based row number in the base table. */
  baseRow: Float64Array;
  classes: string[];
  /** Rows left out because they have no label (e.g. horizon past the end of the data). */
  unlabelled: number;
}

/** Numeric SQL for each feature column: categorical text becomes its index in the frozen list (NULL → NaN). */
function encodedColumns(spec: ResolvedFeatureSpec): string[] {
  return datasetFeatures(spec).map((f) =>
    f.type === 'categorical' ? `(list_position(${sqlList(f.categories!)}, ${ident(f.name)}) - 1)::double as ${ident(f.name)}` : `${ident(f.name)}::double as ${ident(f.name)}`,
  );
}

/**
 * Read a feature table (from buildFeatureTable) into column-major typed arrays. With a label in the spec only
 * labelled rows are returned (`unlabelled` counts the rest); `labelled: false` returns every row with y = 0 (scoring).
 */
export async function toDataset(duck: Duck, table: string, spec: ResolvedFeatureSpec, opts: { labelled?: boolean } = {}): Promise<FeatureDataset> {
  const useLabel = spec.label !== undefined && opts.labelled !== false;
  const classes = useLabel ? spec.label!.classes : [];
  const t = ident(table);
  let where = '';
  let unlabelled = 0;
  if (useLabel) {
    const bad = await duck.all<{ v: string; n: number }>(
      `select ${META.label} as v, count(*)::bigint as n from ${t} where ${META.label} is not null and list_position(${sqlList(classes)}, ${META.label}) is null group by 1 order by 2 desc limit 5`,
    );
    if (bad.length) {
      throw FeatureErrors.FW_ERR_FEATURES_BAD_LABEL(`${table}: label value(s) ${bad.map((b) => `${JSON.stringify(b.v)} (${b.n} rows)`).join(', ')} are not among the classes ${classes.map((c) => JSON.stringify(c)).join(', ')}; list them in label.classes`);
    }
    const [{ n }] = await duck.all<{ n: number }>(`select count(*)::bigint as n from ${t} where ${META.label} is null`);
    unlabelled = Number(n);
    where = `where ${META.label} is not null`;
  }
  const names = await duck.all<{ e: string }>(`select distinct ${META.entity} as e from ${t} ${where} order by 1`);
  const entityNames = names.map((r) => r.e);
  const y = useLabel ? `(list_position(${sqlList(classes)}, ${META.label}) - 1)::double` : '0::double';
  const sql = `select (dense_rank() over (order by ${META.entity}) - 1)::double as __e, ${META.time}::double as __t, ${META.row}::double as __r, ${y} as __y${encodedColumns(spec)
    .map((c) => `, ${c}`)
    .join('')} from ${t} ${where} order by ${META.entity}, ${META.time}, ${META.row}`;
  const { columns, nRows } = await duck.float64Columns(sql);
  const [e, time, baseRow, yy, ...features] = columns as [Float64Array, Float64Array, Float64Array, Float64Array, ...Float64Array[]];
  const entity = Int32Array.from(e);
  const yArr = Int32Array.from(yy);
  return {
    dataset: { features: datasetFeatures(spec), nRows, columns: features, y: yArr, classes: [...classes] },
    entity,
    entityNames,
    time,
    baseRow,
    classes: [...classes],
    unlabelled,
  };
}
