import type { ContractInput } from '../schema.js';

/**
 * Microsoft Azure Predictive Maintenance tables (Kaggle mirror). Timestamps are `YYYY-MM-DD HH:MM:SS` without a zone.
 * Hard limits only exclude the impossible (negative speed / pressure); `plausible` bands are wide around what the
 * real fleet shows (volt ~97–255, rotate ~138–695, pressure ~51–186, vibration ~14–77) so drift is reported, not dropped.
 */
const datetime = { name: 'datetime', type: 'timestamp', format: '%Y-%m-%d %H:%M:%S', description: 'event hour, no time zone' } as const;
const machineID = { name: 'machineID', type: 'integer', min: 1, description: 'machine number' } as const;

export const azureTelemetry: ContractInput = {
  name: 'azure-pdm/telemetry',
  description: 'Hourly mean sensor readings per machine (PdM_telemetry.csv).',
  columns: [
    { ...datetime },
    { ...machineID },
    { name: 'volt', type: 'number', unit: 'V', min: 0, plausible: { min: 50, max: 350 } },
    { name: 'rotate', type: 'number', unit: 'rpm', min: 0, plausible: { min: 50, max: 1000 } },
    { name: 'pressure', type: 'number', unit: 'psi', min: 0, plausible: { min: 20, max: 300 } },
    { name: 'vibration', type: 'number', unit: 'mm/s', min: 0, plausible: { min: 5, max: 150 } },
  ],
  unique: ['machineID', 'datetime'],
  time: 'datetime',
  entity: 'machineID',
  frequency: '1h',
};

export const azureErrors: ContractInput = {
  name: 'azure-pdm/errors',
  description: 'Non-fatal machine errors, rounded to the hour; several may share a machine-hour (PdM_errors.csv).',
  columns: [{ ...datetime }, { ...machineID }, { name: 'errorID', type: 'category', categories: ['error1', 'error2', 'error3', 'error4', 'error5'] }],
  unique: ['datetime', 'machineID', 'errorID'],
  time: 'datetime',
  entity: 'machineID',
};

export const azureMaint: ContractInput = {
  name: 'azure-pdm/maint',
  description: 'Scheduled and unscheduled component replacements (PdM_maint.csv); starts months before the telemetry.',
  columns: [{ ...datetime }, { ...machineID }, { name: 'comp', type: 'category', categories: ['comp1', 'comp2', 'comp3', 'comp4'] }],
  unique: ['datetime', 'machineID', 'comp'],
  time: 'datetime',
  entity: 'machineID',
};

export const azureFailures: ContractInput = {
  name: 'azure-pdm/failures',
  description: 'Component replacements due to failure (PdM_failures.csv); two components may fail at the same hour.',
  columns: [{ ...datetime }, { ...machineID }, { name: 'failure', type: 'category', categories: ['comp1', 'comp2', 'comp3', 'comp4'] }],
  unique: ['datetime', 'machineID', 'failure'],
  time: 'datetime',
  entity: 'machineID',
};

export const azureMachines: ContractInput = {
  name: 'azure-pdm/machines',
  description: 'Static machine metadata: model and age in years (PdM_machines.csv).',
  columns: [
    { ...machineID },
    { name: 'model', type: 'category', categories: ['model1', 'model2', 'model3', 'model4'] },
    { name: 'age', type: 'integer', unit: 'years', min: 0, max: 150, plausible: { min: 0, max: 60 } },
  ],
  unique: ['machineID'],
  entity: 'machineID',
};
