/**
 * The commented `evaluation:` block for the starter forewarn.yaml (src/config/starter.ts belongs to the config
 * owner, who can splice this in). A test parses it through the schema so it cannot drift into invalid.
 */
export const EVALUATION_STARTER_YAML = `# How models are judged before they may be registered. Threshold chosen on validation, applied to test.
evaluation:
  primaryMetric: pr_auc       # the model must beat the baselines on this (macro_f1, balanced_accuracy, ...)
  threshold:
    policy: max_f1            # max_f1 | target_recall (with recall: 0.85) | min_cost | argmax
  noneClass: none             # the "no failure" class of event labels; alerts fire on 1 - P(none)
  costs:                      # money per event, used by min_cost and the cost table
    missedFailure: 10000      # an unplanned failure
    falseAlarm: 500           # extra cost of a visit that finds nothing (on top of plannedMaintenance)
    plannedMaintenance: 1000  # one planned visit
  fixedInterval: { days: 30 } # the calendar-maintenance strategy the model is compared with
  gates:                      # any min_<metric> / max_<metric>, must_beat_baselines, or rules: [{metric, op, value}]
    must_beat_baselines: true
    min_pr_auc: 0.3
`;
