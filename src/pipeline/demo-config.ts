/**
 * forewarn.yaml for the built-in simulated fleet (`forewarn quickstart`): the Azure PdM tables with their ready-made
 * contracts, the classic Azure feature set, "which component fails within 24h", a time split, gradient boosting,
 * cost-based evaluation and gates. Written as text so users get a commented, editable starting point.
 */
export function demoConfig(name: string, seed: number): string {
  return `# forewarn demo project: a simulated fleet in the Azure Predictive Maintenance format.
version: 1
project:
  name: ${JSON.stringify(name)}
  seed: ${seed}

# Five tables, each validated against a ready-made contract (types, ranges, categories, keys, hourly frequency).
data:
  tables:
    telemetry: { path: data/PdM_telemetry.csv, contract: azure-pdm/telemetry }
    errors:    { path: data/PdM_errors.csv,    contract: azure-pdm/errors }
    maint:     { path: data/PdM_maint.csv,     contract: azure-pdm/maint }
    failures:  { path: data/PdM_failures.csv,  contract: azure-pdm/failures }
    machines:  { path: data/PdM_machines.csv,  contract: azure-pdm/machines }
  maxQuarantineFraction: 0.01

# The classic Azure PdM features, declared as data (compiled to DuckDB SQL; an online engine computes the same).
features:
  base: { table: telemetry, entity: machineID, time: datetime, every: 3h }
  rolling:
    - columns: [volt, rotate, pressure, vibration]
      windows: [3h, 24h]
      aggregates: [mean, std]
  counts:
    - table: errors
      category: errorID
      windows: [24h]
      categories: [error1, error2, error3, error4, error5]
  since:
    - table: maint
      category: comp
      unit: days
      categories: [comp1, comp2, comp3, comp4]
  static:
    - table: machines
      columns:
        - { column: model, type: categorical, categories: [model1, model2, model3, model4] }
        - age

# Which component fails within the next 24 hours: none, comp1..comp4.
label:
  kind: event
  table: failures
  category: failure
  horizon: 24h
  mode: multiclass
  none: none
  categories: [comp1, comp2, comp3, comp4]

# Train on the past, test on the last quarter; the 24h gap keeps label windows from leaking across.
split:
  kind: time
  testFraction: 0.25
  validation: { fraction: 0.15 }

model:
  learner: gbdt
  params: { n_estimators: 150, max_depth: 6, learning_rate: 0.1, early_stopping_rounds: 20 }

evaluation:
  primaryMetric: macro_f1
  threshold: { policy: min_cost }
  costs: { missedFailure: 20000, falseAlarm: 500, plannedMaintenance: 1500 }
  fixedInterval: { days: 30 }
  # A candidate is registered only if every gate passes. event_recall = share of failures preceded by an alert
  # within the horizon (row-level recall is also reported, but one caught failure spans many rows).
  gates:
    must_beat_baselines: true
    min_event_recall: 0.6
    min_detection_pr_auc: 0.3
`;
}
