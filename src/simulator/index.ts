/** Public API of the fleet simulator. */
export { simulateFleet, planFleet, countFleet, MAX_IN_MEMORY_ROWS } from './fleet.js';
export type { FleetTables, FleetCounts, EpisodeTruth, Fleet } from './fleet.js';
export { writeFleet } from './write-fleet.js';
export type { WriteFleetResult, WriteFleetHooks } from './write-fleet.js';
export { fleetEvents, eventJson } from './stream.js';
export type { FleetEvent } from './stream.js';
export { resolveOptions } from './options.js';
export type { SimulateOptions, ResolvedOptions } from './options.js';
export { DEFAULT_PHYSICS, degradation } from './physics.js';
export type { PhysicsParams, Episode, Excursion, MachinePlan } from './physics.js';
export { TABLE_FILES, TABLE_COLUMNS } from './csv-format.js';
export { SimErrors } from './errors.js';
