import type { ContractInput } from '../schema.js';

/** Fisher's Iris. Two header spellings exist in the wild (`sepal_length_cm` and seaborn's `sepal_length`). */
const species = { name: 'species', type: 'category' as const, categories: ['setosa', 'versicolor', 'virginica'] };
const cm = (name: string) => ({ name, type: 'number', unit: 'cm', min: 0, plausible: { min: 0.01, max: 100 } }) as const;

export const iris: ContractInput = {
  name: 'iris',
  description: "Fisher's Iris measurements in cm with the species label (iris.csv).",
  columns: [cm('sepal_length_cm'), cm('sepal_width_cm'), cm('petal_length_cm'), cm('petal_width_cm'), species],
  label: 'species',
};

export const irisSeaborn: ContractInput = {
  name: 'iris/seaborn',
  description: 'Iris as shipped by seaborn-data (iris.seaborn-data.csv): headers without the unit suffix.',
  columns: [cm('sepal_length'), cm('sepal_width'), cm('petal_length'), cm('petal_width'), species],
  label: 'species',
};
