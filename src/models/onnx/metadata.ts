/**
 * What forewarn stores in an exported ONNX file's metadata_props, so the file alone says which features (in order,
 * with types and categories) it expects and what each probability column means. Read back by onnx-model.ts.
 */
import type { FeatureSpec } from '../dataset.js';

export const META_KEYS = {
  format: 'forewarn.format',
  kind: 'forewarn.kind',
  features: 'forewarn.features',
  classes: 'forewarn.classes',
} as const;

export const ONNX_META_FORMAT = '1';

export function forewarnMetadata(kind: string, features: readonly FeatureSpec[], classes: readonly string[]): Record<string, string> {
  return {
    [META_KEYS.format]: ONNX_META_FORMAT,
    [META_KEYS.kind]: kind,
    [META_KEYS.features]: JSON.stringify(features),
    [META_KEYS.classes]: JSON.stringify(classes),
  };
}

/** The standard classifier graph interface we export: one float input, label + probabilities outputs (no ZipMap). */
export const IO_NAMES = { input: 'input', label: 'label', probabilities: 'probabilities' } as const;

/** ONNX versions we emit: IR 8 and ai.onnx.ml 3 load in onnxruntime ≥ 1.10 and in current skl2onnx tooling. */
export const IR_VERSION = 8;
export const OPSETS = [{ domain: '', version: 13 }, { domain: 'ai.onnx.ml', version: 3 }];
