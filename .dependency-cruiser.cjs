/**
 * forewarn's layer rules: the one written-down dependency direction, checked by dependency-cruiser in `npm test`
 * (`npm run check:layers`). A folder of src/ may import folders on LOWER floors only; folders on the same floor are
 * peers and do not import each other. A new folder under src/ must be placed on a floor here first (rule
 * `not-in-floor-plan`). Floors follow ../shared/style/architecture-review.md section (e), read from the bottom up.
 */
const FLOORS = [
  ['core', 'entities', 'charts'], // no I/O beyond files; domain shapes and the one decision rule
  ['http'], // the HTTP kit: one error envelope, bearer auth, describeValue (pure; models/params uses it in messages)
  ['models', 'artifacts', 'db', 'simulator'], // learners, storage primitives, the simulator
  ['tracking', 'registry'], // the two stores over db/ (+ registry HTTP routes)
  ['config'], // forewarn.yaml loading (see the exception below)
  ['stores'], // composition root: open a project's stores, registry, artifacts
  ['data'], // ingest, contracts, validation, snapshots, profile
  ['features'], // feature definitions, labels, splits, online engine
  ['evaluation'], // metrics, baselines, thresholds, costs, gates, report
  ['training'], // hyperparameter search (scores with evaluation metrics)
  ['inference'], // the model-holding half of serving, shared with streaming
  ['monitoring'], // prediction log, baselines, drift
  ['serving', 'streaming'], // prediction HTTP service; live MQTT scoring
  ['pipeline', 'web'], // the cached training pipeline; the UI plugin
  ['retraining'], // triggers that run the pipeline
  ['cli'], // commands: parse → call the domain → print
];

const all = FLOORS.flat();
const folders = (list) => `^src/(${list.join('|')})/`;

const upward = FLOORS.flatMap((floor, i) => {
  const above = FLOORS.slice(i + 1).flat();
  if (above.length === 0) return [];
  return [{
    name: `floor-${i + 1}-imports-upward`,
    comment: `${floor.join(', ')} (floor ${i + 1}) may only import lower floors; it must not import ${above.join(', ')}. Move the shared part down or pass it in.`,
    severity: 'error',
    from: { path: folders(floor), pathNot: EXCEPTION_PATHS() },
    to: { path: folders(above) },
  }];
});

const peers = FLOORS.filter((f) => f.length > 1).flatMap((floor) =>
  floor.map((room) => ({
    name: `peer-${room}-imports-peer`,
    comment: `${room} and ${floor.filter((r) => r !== room).join(', ')} are peers on one floor and do not import each other; put what both need on a lower floor (composition belongs in stores/ or above).`,
    severity: 'error',
    from: { path: `^src/${room}/` },
    to: { path: folders(floor.filter((r) => r !== room)) },
  })),
);

/**
 * Deliberate exceptions, each with its reason:
 * - config/schema.ts and config/starter.ts compose the sections whose schemas live with their code
 *   (`<area>/config.ts`); areas import only the Project type back. Only those section files may be imported.
 */
function EXCEPTION_PATHS() {
  return '^src/config/(schema|starter)\\.ts$';
}
const exceptions = [{
  name: 'config-composes-only-section-schemas',
  comment: 'config/schema.ts may import each area\'s section schema (<area>/config.ts) and nothing else from above config/.',
  severity: 'error',
  from: { path: EXCEPTION_PATHS() },
  to: { path: folders(FLOORS.slice(4).flat()), pathNot: '^src/[^/]+/config\\.ts$' },
}];

module.exports = {
  forbidden: [
    ...upward,
    ...peers,
    ...exceptions,
    {
      name: 'not-in-floor-plan',
      comment: `every folder of src/ must be on a floor in .dependency-cruiser.cjs (known: ${all.join(', ')}); add the new folder there first`,
      severity: 'error',
      from: { path: '^src/', pathNot: `${folders(all)}|^src/[^/]+\\.ts$` },
      to: {},
    },
    {
      name: 'no-circular',
      comment: 'import cycles between folders make the floors meaningless',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { path: '^src/', dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|\\.d\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // Type-only imports count: a type is knowledge of the room it lives in.
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
