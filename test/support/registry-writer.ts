// Child process of the kill -9 crash test: opens a project's stores and changes the registry as fast as it can —
// registrations (artifact put + version), approvals, rejections, alias sets/moves (forced when needed), rollbacks
// and deletions, chosen at random — until it is killed. Refused changes (conflicts, ineligible) are part of the
// mix; anything else is a bug: printed, exit 1 (the parent counts it as a failure, not a kill).
import { openStores } from '../../src/stores/open-stores.js';
import { putContent } from '../../src/artifacts/artifact-ops.js';
import { Rng } from '../../src/core/random.js';
import { isFwError } from '../../src/core/errors.js';

const [project, seedText] = process.argv.slice(2);
const rng = new Rng(Number(seedText ?? 1));
const stores = await openStores({ project });
const { registry, artifacts } = stores;
const MODELS = ['pump', 'fan'];
const ALIASES = ['production', 'staging', 'challenger'];
const EXPECTED = new Set(['FW_ERR_REGISTRY_CONFLICT', 'FW_ERR_REGISTRY_NOT_ELIGIBLE', 'FW_ERR_REGISTRY_MODEL_NOT_FOUND', 'FW_ERR_REGISTRY_VERSION_NOT_FOUND', 'FW_ERR_REGISTRY_ALIAS_NOT_FOUND']);
const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;

async function latest(model: string): Promise<number> {
  try {
    return (await registry.getModel(model)).latestVersion ?? 0;
  } catch {
    return 0;
  }
}

async function step(i: number): Promise<void> {
  const model = pick(MODELS);
  const n = await latest(model);
  const v = 1 + rng.int(Math.max(1, n));
  const op = n === 0 ? 0 : rng.int(6);
  const actor = `writer-${process.pid}`;
  switch (op) {
    case 0: {
      // Unique bytes per registration, roughly model-sized, so the artifact write takes a moment to kill into.
      const body = JSON.stringify({ model, i, pid: process.pid, noise: Array.from({ length: 2000 + rng.int(20000) }, () => rng.next()) });
      const put = await putContent(artifacts, new TextEncoder().encode(body), '.json');
      const passed = rng.next() < 0.7;
      await registry.registerVersion({ modelName: model, actor, artifactUri: put.uri, tags: { sha256: put.sha256 }, gates: { passed, gates: [{ name: 'auc', passed, value: passed ? 0.9 : 0.5, threshold: 0.7 }] } });
      break;
    }
    case 1:
      await registry.approveVersion(model, v, { actor, reason: `round step ${i}` });
      break;
    case 2:
      await registry.rejectVersion(model, v, { actor, reason: `round step ${i}` });
      break;
    case 3:
    case 4: {
      const force = rng.next() < 0.5;
      await registry.setAlias(model, pick(ALIASES), v, { actor, force, reason: force ? 'crash test' : undefined });
      break;
    }
    default:
      if (rng.next() < 0.6) await registry.rollbackAlias(model, pick(ALIASES), { actor, force: true, reason: 'crash test' });
      else await registry.deleteAlias(model, pick(ALIASES), { actor });
  }
}

process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  try {
    await step(i);
  } catch (e) {
    if (isFwError(e) && EXPECTED.has(e.code)) continue;
    process.stderr.write(`registry-writer: unexpected error at step ${i}: ${isFwError(e) ? `${e.code}: ${e.message}` : (e as Error).stack}\n`);
    process.exit(1);
  }
  if (i % 10 === 0) process.stdout.write(`ops ${i}\n`);
}
