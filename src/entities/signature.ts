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
