import type { FeatureSpec } from '../../models/dataset.js';
import type { ModelSignature } from '../../entities/signature.js';
import { randomForestFixture, type ForestFixtureModel } from './forest-fixture.js';

/** Feature names as they appear in the real datasets (symbols included), for tests. */
export const TEST_FEATURES: FeatureSpec[] = [
  { name: 'Spindle_Bearing_Temperature(?C)', type: 'numeric' },
  { name: 'Packet_Loss_%', type: 'numeric' },
  { name: 'Vibration RMS', type: 'numeric' },
  { name: 'Error_Count', type: 'numeric' },
  { name: 'Machine_Type', type: 'categorical', categories: ['lathe', 'mill', 'press'] },
];

export const TEST_LABELS = ['ok', 'failure'];

export const TEST_SIGNATURE: ModelSignature = {
  inputs: [
    { name: 'Spindle_Bearing_Temperature(?C)', type: 'number', nullable: false, min: -50, max: 200 },
    { name: 'Packet_Loss_%', type: 'number', nullable: true, min: 0, max: 100 },
    { name: 'Vibration RMS', type: 'number', nullable: true },
    { name: 'Error_Count', type: 'integer', nullable: false, min: 0, max: 10000 },
    { name: 'Machine_Type', type: 'category', nullable: false, categories: ['lathe', 'mill', 'press'] },
  ],
  labels: TEST_LABELS,
};

export const GOOD_RECORD = {
  'Spindle_Bearing_Temperature(?C)': 0.4,
  'Packet_Loss_%': 0.2,
  'Vibration RMS': -0.3,
  Error_Count: 3,
  Machine_Type: 'mill',
};

export function testForest(seed = 1, nTrees = 5, depth = 4): ForestFixtureModel {
  return randomForestFixture({ features: TEST_FEATURES, classes: TEST_LABELS, nTrees, depth, seed });
}
