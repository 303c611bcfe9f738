import type { ContractInput } from '../schema.js';

/**
 * Kaggle "Intelligent Manufacturing Dataset" (one row per minute, machine chosen at random). The Excel export writes
 * `DD-MM-YYYY HH:MM`; the hand-written sample uses ISO, so both formats are accepted. Excel also duplicates rows:
 * `Timestamp` is the key, so the repeats are quarantined under rule `unique` (expected for that file).
 */
const pct = (name: string) => ({ name, type: 'number', unit: '%', min: 0, max: 100 }) as const;

export const intelligentManufacturing: ContractInput = {
  name: 'intelligent-manufacturing',
  description: '6G-connected manufacturing telemetry with an Efficiency_Status label (High/Medium/Low).',
  columns: [
    { name: 'Timestamp', type: 'timestamp', format: ['%d-%m-%Y %H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M'] },
    { name: 'Machine_ID', type: 'integer', min: 1 },
    { name: 'Operation_Mode', type: 'category', categories: ['Idle', 'Active', 'Maintenance'] },
    { name: 'Temperature_C', type: 'number', unit: '°C', min: -273.15, plausible: { min: -20, max: 200 } },
    { name: 'Vibration_Hz', type: 'number', unit: 'Hz', min: 0, plausible: { min: 0, max: 10000 } },
    { name: 'Power_Consumption_kW', type: 'number', unit: 'kW', min: 0, plausible: { min: 0, max: 10000 } },
    { name: 'Network_Latency_ms', type: 'number', unit: 'ms', min: 0, plausible: { min: 0, max: 60000 } },
    pct('Packet_Loss_%'),
    pct('Quality_Control_Defect_Rate_%'),
    { name: 'Production_Speed_units_per_hr', type: 'number', unit: 'units/h', min: 0, plausible: { min: 0, max: 100000 } },
    { name: 'Predictive_Maintenance_Score', type: 'number', min: 0, max: 1 },
    pct('Error_Rate_%'),
    { name: 'Efficiency_Status', type: 'category', categories: ['High', 'Medium', 'Low'] },
  ],
  unique: ['Timestamp'],
  time: 'Timestamp',
  entity: 'Machine_ID',
  label: 'Efficiency_Status',
};
