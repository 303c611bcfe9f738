import type { DecisionRule } from '../entities/decision-rule.js';
import type { Model } from '../models/learner.js';
import type { ModelSignature } from '../entities/signature.js';
import type { ModelSource, ModelVersionDescriptor } from '../inference/model-source.js';
import { modelPredictor } from '../inference/predictor.js';
import { CoreErrors } from '../core/errors.js';
import { ServingErrors } from './errors.js';

/**
 * An in-memory registry for tests and embedding: versions of one model and movable aliases. `fail` marks a
 * version whose load throws (to test that a bad version never replaces a good one); `loadDelayMs` simulates a
 * slow load so swaps overlap with traffic.
 */
export class MemoryModelSource implements ModelSource {
  readonly description = 'memory';
  private readonly versions = new Map<string, { model: Model; signature?: ModelSignature; fail?: boolean; metrics?: Record<string, number>; tags?: Record<string, string>; decision?: DecisionRule }>();
  private readonly aliases = new Map<string, string>();
  loadDelayMs = 0;
  loads = 0;

  constructor(readonly name: string) {}

  add(version: string, model: Model, extra: { signature?: ModelSignature; fail?: boolean; metrics?: Record<string, number>; tags?: Record<string, string>; decision?: DecisionRule } = {}): this {
    this.versions.set(version, { model, ...extra });
    return this;
  }

  setAlias(alias: string, version: string): this {
    this.aliases.set(alias, version);
    return this;
  }

  async resolve(name: string | undefined, alias: string): Promise<ModelVersionDescriptor> {
    if (name !== undefined && name !== this.name) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`no model '${name}'`);
    const version = this.aliases.get(alias);
    if (version === undefined) throw CoreErrors.FW_ERR_CORE_NOT_FOUND(`model '${this.name}' has no alias '${alias}'`);
    const v = this.versions.get(version)!;
    return {
      name: this.name,
      version,
      alias,
      format: 'forewarn-json',
      signature: v.signature,
      metrics: v.metrics ?? {},
      tags: v.tags,
      decision: v.decision ?? null,
      approval: 'approved',
      load: async () => {
        this.loads++;
        if (this.loadDelayMs) await new Promise((r) => setTimeout(r, this.loadDelayMs));
        if (v.fail) throw ServingErrors.FW_ERR_SERVE_MODEL_LOAD(`version ${version} is corrupt (test)`);
        return modelPredictor(v.model);
      },
    };
  }
}
