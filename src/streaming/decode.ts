import type { Contract } from '../data/contracts/schema.js';
import type { ResolvedFeatureSpec } from '../features/spec.js';
import { toEntity, toNumber, toTimeMs } from '../features/online/values.js';
import type { StreamConfig } from './config.js';
import { StreamErrors } from './errors.js';
import { payloadText, type DeadLetter, type RawMessage, type TelemetryEvent } from './telemetry-event.js';

/** Which columns of a table are the machine and the event time (null time = a static table such as machines). */
export interface TableKeys {
  entity: string;
  time: string | null;
}

interface TableRule {
  keys: TableKeys;
  fields: [column: string, key: string][];
  dedupBy: string[];
  checks: ColumnCheck[];
}

interface ColumnCheck {
  column: string;
  kind: 'number' | 'integer' | 'category' | 'timestamp' | 'string' | 'boolean';
  nullable: boolean;
  min?: number;
  max?: number;
  categories?: Set<string>;
}

export type Decoded = { ok: true; event: TelemetryEvent; key: string } | { ok: false; dead: DeadLetter };

/**
 * The tables the stream needs and their machine / time columns, read from the frozen spec: the base table, every
 * time-indexed source, the static tables, and the label's event table (failures: reported, never features).
 */
export function tableKeysFromSpec(spec: ResolvedFeatureSpec): Map<string, TableKeys> {
  const out = new Map<string, TableKeys>();
  const b = spec.base;
  if (b.entity) out.set(b.table, { entity: b.entity, time: b.time });
  for (const f of spec.features) {
    if ((f.kind === 'rolling' || f.kind === 'lag' || f.kind === 'count' || f.kind === 'since') && f.source.entity) out.set(f.source.table, { entity: f.source.entity, time: f.source.time });
    if (f.kind === 'static' || (f.kind === 'onehot' && f.from === 'static' && f.entity)) out.set(f.table, { entity: f.entity!, time: null });
  }
  if (spec.label?.kind === 'event' && spec.label.source.entity) out.set(spec.label.source.table, { entity: spec.label.source.entity, time: spec.label.source.time });
  return out;
}

/**
 * Turns raw messages into events, or dead letters naming the field and the rule. The data contract of each table
 * (when the project has one) is the rulebook: missing non-nullable fields, wrong types, values outside min/max and
 * unknown categories are refused, exactly what `data validate` would quarantine.
 */
export class MessageDecoder {
  private readonly rules = new Map<string, TableRule>();

  constructor(keys: Map<string, TableKeys>, cfg: Pick<StreamConfig, 'tables'>, contracts: Map<string, Contract> = new Map(), extra: Map<string, TableKeys> = new Map()) {
    for (const [table, k] of [...extra, ...keys]) {
      const tc = cfg.tables[table];
      const contract = contracts.get(table);
      const checks: ColumnCheck[] = [];
      for (const c of contract?.columns ?? []) {
        if (c.name === k.entity || c.name === k.time) continue;
        checks.push({ column: c.name, kind: c.type, nullable: c.nullable, min: c.min, max: c.max, categories: c.categories ? new Set(c.categories) : undefined });
      }
      this.rules.set(table, { keys: k, fields: Object.entries(tc?.fields ?? {}), dedupBy: tc?.dedupBy ?? [], checks });
    }
  }

  get tables(): string[] {
    return [...this.rules.keys()];
  }

  keysOf(table: string): TableKeys | undefined {
    return this.rules.get(table)?.keys;
  }

  decode(msg: RawMessage): Decoded {
    const text = payloadText(msg.payload);
    const dead = (reason: string, code: string = StreamErrors.defs.FW_ERR_STREAM_BAD_MESSAGE.code): Decoded => ({ ok: false, dead: { origin: msg.origin, code, reason, payload: text.length > 4096 ? `${text.slice(0, 4096)}…` : text } });
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return dead(`not valid JSON (${(e as Error).message})`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return dead('expected a JSON object');
    const o = obj as Record<string, unknown>;
    const table = msg.table ?? (typeof o.table === 'string' ? o.table : undefined);
    if (table === undefined) return dead('no table: the topic is not mapped in stream.tables and the payload has no "table" field');
    const rule = this.rules.get(table);
    if (!rule) return dead(`table "${table}" is not one the model reads (known: ${this.tables.join(', ')})`);
    let row = o;
    if (rule.fields.length) {
      row = { ...o };
      for (const [col, key] of rule.fields) row[col] = o[key];
    }
    const { entity: ecol, time: tcol } = rule.keys;
    if (row[ecol] === undefined && msg.entity !== undefined) row[ecol] = msg.entity;
    const entity = toEntity(row[ecol]);
    if (entity === null || entity === '') return dead(`${table}.${ecol}: missing (the machine is required)`);
    let t = Number.NEGATIVE_INFINITY;
    if (tcol !== null) {
      const tt = toTimeMs(row[tcol]);
      if (tt === null) return dead(`${table}.${tcol}: missing or not a timestamp (${JSON.stringify(row[tcol]) ?? 'undefined'})`);
      t = tt;
    }
    for (const c of rule.checks) {
      const v = row[c.column];
      if (v === null || v === undefined) {
        if (!c.nullable) return dead(`${table}.${c.column}: missing (the contract requires it)`);
        continue;
      }
      const bad = checkValue(c, v);
      if (bad) return dead(`${table}.${c.column}: ${bad}`);
    }
    let key = `${table}\0${entity}\0${t}`;
    for (const d of rule.dedupBy) key += `\0${String(row[d])}`;
    return { ok: true, event: { table, entity, t, row }, key };
  }
}

function checkValue(c: ColumnCheck, v: unknown): string | undefined {
  switch (c.kind) {
    case 'number':
    case 'integer': {
      if (typeof v !== 'number' && typeof v !== 'string') return `expected a number, got ${JSON.stringify(v)}`;
      const x = toNumber(v);
      if (Number.isNaN(x)) return `expected a finite number, got ${JSON.stringify(v)}`;
      if (c.kind === 'integer' && !Number.isInteger(x)) return `expected an integer, got ${x}`;
      if (c.min !== undefined && x < c.min) return `${x} is below the contract minimum ${c.min}`;
      if (c.max !== undefined && x > c.max) return `${x} is above the contract maximum ${c.max}`;
      return undefined;
    }
    case 'category':
      return c.categories!.has(String(v)) ? undefined : `${JSON.stringify(v)} is not one of the contract's categories (${[...c.categories!].join(', ')})`;
    case 'timestamp':
      return toTimeMs(v) === null ? `expected a timestamp, got ${JSON.stringify(v)}` : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(v)}`;
    case 'string':
      return typeof v === 'string' || typeof v === 'number' ? undefined : `expected text, got ${JSON.stringify(v)}`;
  }
}
