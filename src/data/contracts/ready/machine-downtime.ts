import type { ContractInput } from '../schema.js';

/**
 * "Machine Downtime" (DataCamp). Headers keep the literal `?` where `°`/`µ` was lost in export. Sensor columns have
 * empty cells, so they are nullable. The real file contains a negative hydraulic pressure, a negative spindle
 * vibration and zero spindle speeds: physically odd, so they sit outside the `plausible` bands (reported as
 * warnings) while the hard limits only reject values no sensor could produce.
 */
const sensor = (name: string, unit: string | undefined, hard: { min?: number; max?: number }, plausible: { min?: number; max?: number }, type: 'number' | 'integer' = 'number') => ({
  name,
  type,
  ...(unit ? { unit } : {}),
  nullable: true,
  ...hard,
  plausible,
});

const CELSIUS_FLOOR = -273.15;

export const machineDowntime: ContractInput = {
  name: 'machine-downtime',
  description: 'Daily machine readings with a downtime label (Machine_downtime.csv, DD-MM-YYYY dates).',
  columns: [
    { name: 'Date', type: 'timestamp', format: '%d-%m-%Y' },
    { name: 'Machine_ID', type: 'string' },
    { name: 'Assembly_Line_No', type: 'string' },
    sensor('Hydraulic_Pressure(bar)', 'bar', { min: -1000, max: 5000 }, { min: 0, max: 350 }),
    sensor('Coolant_Pressure(bar)', 'bar', { min: -1000, max: 5000 }, { min: 0, max: 50 }),
    sensor('Air_System_Pressure(bar)', 'bar', { min: -1000, max: 5000 }, { min: 0, max: 30 }),
    sensor('Coolant_Temperature', '°C', { min: CELSIUS_FLOOR, max: 1000 }, { min: -10, max: 120 }),
    sensor('Hydraulic_Oil_Temperature(?C)', '°C', { min: CELSIUS_FLOOR, max: 1000 }, { min: -10, max: 150 }),
    sensor('Spindle_Bearing_Temperature(?C)', '°C', { min: CELSIUS_FLOOR, max: 1000 }, { min: -10, max: 200 }),
    sensor('Spindle_Vibration(?m)', 'µm', { min: -1000, max: 100000 }, { min: 0, max: 1000 }),
    sensor('Tool_Vibration(?m)', 'µm', { min: -1000, max: 100000 }, { min: 0, max: 1000 }),
    sensor('Spindle_Speed(RPM)', 'rpm', { min: 0, max: 1000000 }, { min: 1, max: 100000 }, 'integer'),
    sensor('Voltage(volts)', 'V', { min: 0, max: 100000 }, { min: 50, max: 1000 }, 'integer'),
    sensor('Torque(Nm)', 'N·m', { min: -100000, max: 100000 }, { min: 0, max: 1000 }),
    sensor('Cutting(kN)', 'kN', { min: -100000, max: 100000 }, { min: 0, max: 100 }),
    { name: 'Downtime', type: 'category', categories: ['Machine_Failure', 'No_Machine_Failure'] },
  ],
  time: 'Date',
  entity: 'Machine_ID',
  label: 'Downtime',
};

/** The third-party "cleaned" derivative: ISO dates, SI units (Pa, N), no empty cells, outliers capped. */
export const machineDowntimeCleaned: ContractInput = {
  name: 'machine-downtime/cleaned-si',
  description: 'Machine_downtime_cleaned.SirTee12.csv: ISO dates, pressures in Pa, cutting force in N, no nulls.',
  columns: [
    { name: 'Date', type: 'timestamp', format: '%Y-%m-%d' },
    { name: 'Machine_ID', type: 'string' },
    { name: 'Assembly_Line_No', type: 'string' },
    { name: 'Coolant_Temperature', type: 'number', unit: '°C', min: CELSIUS_FLOOR, plausible: { min: -10, max: 120 } },
    { name: 'Hydraulic_Oil_Temperature', type: 'number', unit: '°C', min: CELSIUS_FLOOR, plausible: { min: -10, max: 150 } },
    { name: 'Spindle_Bearing_Temperature', type: 'number', unit: '°C', min: CELSIUS_FLOOR, plausible: { min: -10, max: 200 } },
    { name: 'Spindle_Vibration', type: 'number', unit: 'µm', plausible: { min: 0, max: 1000 } },
    { name: 'Tool_Vibration', type: 'number', unit: 'µm', plausible: { min: 0, max: 1000 } },
    { name: 'Voltage', type: 'number', unit: 'V', min: 0, plausible: { min: 50, max: 1000 } },
    { name: 'Torque', type: 'number', unit: 'N·m', plausible: { min: 0, max: 1000 } },
    { name: 'Hydraulic_Pressure', type: 'number', unit: 'Pa', plausible: { min: 0, max: 3.5e7 } },
    { name: 'Coolant_Pressure', type: 'number', unit: 'Pa', plausible: { min: 0, max: 5e6 } },
    { name: 'Air_System_Pressure', type: 'number', unit: 'Pa', plausible: { min: 0, max: 3e6 } },
    { name: 'Cutting', type: 'number', unit: 'N', plausible: { min: 0, max: 1e5 } },
    { name: 'Spindle_Speed', type: 'number', min: 0 },
    { name: 'Downtime', type: 'category', categories: ['Machine_Failure', 'No_Machine_Failure'] },
  ],
  time: 'Date',
  entity: 'Machine_ID',
  label: 'Downtime',
};
