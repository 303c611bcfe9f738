/**
 * `forewarn models inspect`: a summary of a saved model file — forewarn JSON (kind, features, classes, params,
 * trees or coefficients, fit info) or ONNX (IR version, opsets, inputs / outputs, operators, our metadata) — as a
 * plain object (for --json) and as text. Reading an ONNX file here decodes protobuf only; nothing is executed.
 */
import { extname } from 'node:path';
import type { Model, ModelJson } from '../learner.js';
import { inspectOnnx } from './onnx-model.js';
import { META_KEYS } from './metadata.js';
import { decodeJsonModel, readModelBytes } from '../format/model-file.js';
import { OnnxErrors } from './errors.js';
import { isFwError } from '../../core/errors.js';

export interface ModelFileSummary {
  file: string;
  format: 'forewarn-json' | 'onnx';
  [k: string]: unknown;
}

export async function inspectModelFile(path: string): Promise<ModelFileSummary> {
  const bytes = await readModelBytes(path);
  const looksJson = bytes.length > 0 && /^\s*\{/.test(bytes.subarray(0, 64).toString('utf8'));
  if (extname(path).toLowerCase() === '.onnx') return summariseOnnx(path, bytes);
  if (!looksJson) {
    try {
      return summariseOnnx(path, bytes);
    } catch (e) {
      if (isFwError(e) && e.code === 'FW_ERR_ONNX_BAD_FILE') {
        throw OnnxErrors.FW_ERR_ONNX_BAD_FILE(`${path}: neither a forewarn model JSON (it does not start with "{") nor an ONNX model (${e.message.slice(path.length + 2)})`);
      }
      throw e;
    }
  }
  const { json, model } = decodeJsonModel(bytes, path); // validates the body
  return summariseJson(path, json, model);
}

function treeStats(trees: unknown): { trees: number; nodes: number; leaves: number; maxDepth: number } | undefined {
  if (!Array.isArray(trees)) return undefined;
  let nodes = 0, leaves = 0, maxDepth = 0;
  for (const t of trees as { feature?: unknown; left?: unknown; right?: unknown }[]) {
    const f = Array.isArray(t?.feature) ? (t.feature as number[]) : [];
    const left = Array.isArray(t?.left) ? (t.left as number[]) : [];
    const right = Array.isArray(t?.right) ? (t.right as number[]) : [];
    nodes += f.length;
    // Walk from the root whatever the node order; the visit budget guards against malformed (cyclic) arrays.
    const stack: [number, number][] = f.length ? [[0, 0]] : [];
    let budget = f.length;
    while (stack.length && budget-- > 0) {
      const [i, d] = stack.pop()!;
      if (f[i] === -1) { leaves++; maxDepth = Math.max(maxDepth, d); continue; }
      for (const c of [left[i], right[i]]) if (typeof c === 'number' && c >= 0 && c < f.length) stack.push([c, d + 1]);
    }
  }
  return { trees: trees.length, nodes, leaves, maxDepth };
}

function summariseJson(file: string, json: ModelJson, model: Model): ModelFileSummary {
  const body = json.body as Record<string, unknown>;
  const importance = model.featureImportance().slice().sort((a, b) => b.gain - a.gain).slice(0, 10);
  return {
    file,
    format: 'forewarn-json',
    kind: json.kind,
    formatVersion: json.formatVersion,
    features: json.features.map((f) => ({ name: f.name, type: f.type, ...(f.categories ? { categories: f.categories.length } : {}) })),
    classes: json.classes,
    params: json.params,
    ...(treeStats(body.trees) ? { trees: treeStats(body.trees) } : {}),
    ...(json.kind === 'logistic' ? { designColumns: (body.columns as unknown[]).length, intercepts: body.intercepts } : {}),
    topFeatures: importance.map((f) => ({ name: f.name, importance: Number(f.gain.toFixed(6)) })),
    ...(json.info ? { info: json.info } : {}),
  };
}

function summariseOnnx(file: string, bytes: Uint8Array): ModelFileSummary {
  const info = inspectOnnx(bytes, file);
  const ops = new Map<string, number>();
  for (const n of info.nodes) {
    const key = n.domain ? `${n.domain}.${n.opType}` : n.opType;
    ops.set(key, (ops.get(key) ?? 0) + 1);
  }
  const te = info.nodes.find((n) => n.opType === 'TreeEnsembleClassifier' || n.opType === 'TreeEnsembleRegressor');
  const treeIds = te?.attributes.get('nodes_treeids')?.ints;
  const parseList = (k: string): unknown => {
    const raw = info.metadata[k];
    if (raw === undefined) return undefined;
    try { return JSON.parse(raw); } catch { return raw; }
  };
  const features = parseList(META_KEYS.features);
  return {
    file,
    format: 'onnx',
    irVersion: info.irVersion,
    producer: `${info.producerName} ${info.producerVersion}`.trim(),
    opsets: info.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`),
    inputs: info.inputs.map((v) => ({ name: v.name, type: v.type, shape: v.dims })),
    outputs: info.outputs.map((v) => ({ name: v.name, type: v.type, shape: v.dims })),
    operators: Object.fromEntries(ops),
    ...(te ? {
      treeEnsemble: {
        trees: new Set(treeIds ?? []).size,
        nodes: treeIds?.length ?? 0,
        postTransform: te.attributes.get('post_transform')?.s ?? 'NONE',
      },
    } : {}),
    ...(info.metadata[META_KEYS.kind] ? { kind: info.metadata[META_KEYS.kind] } : {}),
    ...(Array.isArray(features) ? { features: (features as { name: string; type: string }[]).map((f) => ({ name: f.name, type: f.type })) } : {}),
    ...(info.metadata[META_KEYS.classes] ? { classes: parseList(META_KEYS.classes) } : {}),
    metadataKeys: Object.keys(info.metadata),
  };
}

/** Human-readable rendering: one `key: value` line per field, lists indented. */
export function renderSummary(s: ModelFileSummary): string {
  const lines: string[] = [];
  const fmt = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length > 0 && typeof v[0] === 'object') {
      lines.push(`${k}: (${v.length})`);
      for (const item of v) lines.push(`  - ${Object.entries(item as object).map(([a, b]) => `${a}=${fmt(b)}`).join('  ')}`);
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      lines.push(`${k}:`);
      for (const [a, b] of Object.entries(v)) lines.push(`  ${a}: ${fmt(b)}`);
    } else lines.push(`${k}: ${Array.isArray(v) ? v.join(', ') : fmt(v)}`);
  }
  return lines.join('\n') + '\n';
}
