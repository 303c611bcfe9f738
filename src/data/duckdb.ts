import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { cpus } from 'node:os';

/**
 * The subset of DuckDB forewarn uses, behind one small interface so the rest of the code never touches the driver
 * types. Column names are always quoted with `ident()`: users' headers contain `%`, `?`, `(`, spaces.
 */
export interface Duck {
  /** Run statements, ignore results. `params` bind to $1, $2, ... */
  run(sql: string, params?: unknown[]): Promise<void>;
  /** Rows as plain objects; BIGINT/HUGEINT become numbers when safe (strings otherwise), timestamps Date. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** One column as Float64Array (NULL → NaN). For feature matrices. */
  float64Column(sql: string): Promise<Float64Array>;
  /** Several numeric columns of one query as Float64Arrays (NULL → NaN), plus the row count. */
  float64Columns(sql: string): Promise<{ names: string[]; columns: Float64Array[]; nRows: number }>;
  close(): void;
  readonly connection: DuckDBConnection;
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function plain(v: DuckDBValue | unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  return v;
}

export async function openDuck(path = ':memory:', threads = Math.max(1, cpus().length)): Promise<Duck> {
  const instance = await DuckDBInstance.create(path, { threads: String(threads) });
  const con = await instance.connect();
  const bindAll = async (sql: string, params?: unknown[]) => {
    if (!params || params.length === 0) return con.runAndReadAll(sql);
    const p = await con.prepare(sql);
    p.bind(params as DuckDBValue[]);
    return p.runAndReadAll();
  };
  const duck: Duck = {
    connection: con,
    async run(sql, params) {
      if (!params || params.length === 0) await con.run(sql);
      else await bindAll(sql, params);
    },
    async all<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const r = await bindAll(sql, params);
      const rows = r.getRowObjectsJS() as Record<string, unknown>[];
      for (const row of rows) for (const k of Object.keys(row)) row[k] = plain(row[k]);
      return rows as T[];
    },
    async float64Column(sql) {
      const { columns } = await duck.float64Columns(sql);
      return columns[0] ?? new Float64Array(0);
    },
    async float64Columns(sql) {
      const r = await con.runAndReadAll(sql);
      const names = r.columnNames();
      const n = r.currentRowCount;
      const columns = names.map(() => new Float64Array(n));
      const cols = r.getColumnsJS();
      for (let j = 0; j < names.length; j++) {
        const src = cols[j]!;
        const dst = columns[j]!;
        for (let i = 0; i < n; i++) {
          const v = src[i];
          dst[i] = v === null || v === undefined ? NaN : typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? (v ? 1 : 0) : (v as number);
        }
      }
      return { names, columns, nRows: n };
    },
    close() {
      con.closeSync();
      instance.closeSync();
    },
  };
  return duck;
}
