/**
 * A model version's input signature: what a prediction request must contain. Built by the pipeline from the data
 * contract and the training data, stored with the registered version, enforced by the prediction service.
 */
export interface SignatureField {
  /** Feature name exactly as in the data. */
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'category';
  /** Whether null/missing is acceptable (the model routes missing values). */
  nullable: boolean;
  /** Allowed range (from the data contract when declared, else the training range widened by its span). */
  min?: number;
  max?: number;
  /** category: the values seen in training; anything else is refused. */
  categories?: string[];
}

export interface ModelSignature {
  inputs: SignatureField[];
  /** Label names in class-index order: probabilities[i] is for labels[i]. */
  labels: string[];
}

/** The part of a model's feature list a signature is derived from (models/dataset.ts FeatureSpec fits it). */
export interface SignatureSourceFeature {
  name: string;
  type: string;
  categories?: readonly string[];
}

/**
 * A signature from a model's own features when no richer one is known (a model file registered by hand, a served
 * file without a stored signature): types and categories, no ranges, all nullable. The one place this is derived.
 */
export function signatureFromFeatures(features: readonly SignatureSourceFeature[], labels: readonly string[]): ModelSignature {
  return {
    inputs: features.map((f): SignatureField =>
      f.type === 'categorical' ? { name: f.name, type: 'category', nullable: true, categories: [...(f.categories ?? [])] } : { name: f.name, type: 'number', nullable: true },
    ),
    labels: [...labels],
  };
}
