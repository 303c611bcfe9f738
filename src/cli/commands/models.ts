import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { intOption } from '../options.js';
import { CoreErrors } from '../../core/errors.js';
import type { ModelVersion } from '../../entities/registry.js';
import { addStoreOptions, defaultActor, fmtNum, printJson, renderTable, withStores, type StoreCliOptions } from './stores-table.js';

interface ChangeOptions extends StoreCliOptions {
  actor?: string;
  reason?: string;
  force?: boolean;
}

const versionArg = intOption('<version>', 1, 2 ** 31 - 1);

function gatesCell(v: ModelVersion): string {
  if (!v.gates.gates.length) return v.gates.passed ? 'passed' : 'not evaluated';
  const failed = v.gates.gates.filter((g) => !g.passed).length;
  return v.gates.passed ? `passed (${v.gates.gates.length})` : `FAILED ${failed}/${v.gates.gates.length}`;
}

const fmtGate = (v: number | boolean | null | undefined): string => (typeof v === 'boolean' ? String(v) : fmtNum(v));

function decisionCell(v: ModelVersion): string {
  const d = v.decision;
  if (!d) return '- (argmax label only)';
  const on = d.positiveClass ? `P(${d.positiveClass})` : d.noneClass ? `1 − P(${d.noneClass})` : 'score';
  const rule = d.threshold === null ? `${d.policy} (argmax)` : `alert when ${on} ≥ ${fmtNum(d.threshold)} (${d.policy})`;
  return v.decisionSource === 'legacy-tags' ? `${rule}; read from decision.* tags (registered before the typed field)` : rule;
}

function printVersion(v: ModelVersion): void {
  const lines = [
    `model        ${v.modelName}`,
    `version      ${v.version}${v.aliases.length ? `  [${v.aliases.join(', ')}]` : ''}`,
    `approval     ${v.approval.status}${v.approval.actor ? ` by ${v.approval.actor} at ${v.approval.at}: ${v.approval.reason ?? ''}` : ''}`,
    `gates        ${gatesCell(v)}`,
    `decision     ${decisionCell(v)}`,
    `run          ${v.runId ?? '-'}`,
    `dataset      ${v.datasetHash ?? '-'}`,
    `format       ${v.format}`,
    `artifact     ${v.artifactUri}`,
    `onnx         ${v.onnxUri ?? '-'}`,
    `labels       ${v.labelMapping?.join(', ') ?? '-'}`,
    `inputs       ${v.signature ? `${v.signature.inputs.length} features` : '-'}`,
    `registered   ${v.createdAt}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (v.gates.gates.length) {
    process.stdout.write(`\ngates\n${renderTable(['gate', 'passed', 'value', 'threshold', 'message'], v.gates.gates.map((g) => [g.name, g.passed ? 'yes' : 'NO', fmtGate(g.value), fmtGate(g.threshold), g.message ?? '']), 80)}`);
  }
  const mk = Object.keys(v.metrics).sort();
  if (mk.length) process.stdout.write(`\nmetrics\n${renderTable(['metric', 'value'], mk.map((k) => [k, fmtNum(v.metrics[k])]))}`);
}

/** `forewarn models list|show|approve|reject|alias|rollback|audit` (model files: model-file.ts on the same command). */
export function registerModels(models: Command): void {
  addStoreOptions(models.command('list').description('registered models with their latest version and aliases')).action(
    action(async (o: StoreCliOptions) => {
      await withStores(o, async ({ registry }) => {
        const list = await registry.listModels();
        if (o.json) return printJson(list);
        if (!list.length) return void process.stdout.write('no registered models\n');
        process.stdout.write(renderTable(['model', 'latest', 'aliases', 'updated', 'description'], list.map((m) => [m.name, m.latestVersion === null ? '-' : `v${m.latestVersion}`, Object.entries(m.aliases).map(([a, v]) => `${a}→v${v}`).join(', '), m.updatedAt.slice(0, 19).replace('T', ' '), m.description ?? ''])));
      });
    }),
  );

  addStoreOptions(models.command('show <name>').description('a model and its versions, or one version with --version').option('-v, --version <n>', 'show this version in detail', intOption('--version', 1, 2 ** 31 - 1))).action(
    action(async (name: string, o: StoreCliOptions & { version?: number }) => {
      await withStores(o, async ({ registry }) => {
        if (o.version !== undefined) {
          const v = await registry.getVersion(name, o.version);
          return o.json ? printJson(v) : printVersion(v);
        }
        const m = await registry.getModel(name);
        const versions = await registry.listVersions(name);
        if (o.json) return printJson({ ...m, versions });
        process.stdout.write(`model ${m.name}${m.description ? ` — ${m.description}` : ''}\naliases: ${Object.entries(m.aliases).map(([a, v]) => `${a}→v${v}`).join(', ') || '(none)'}\n\n`);
        process.stdout.write(renderTable(['version', 'approval', 'gates', 'aliases', 'run', 'format', 'registered'], versions.map((v) => [`v${v.version}`, v.approval.status, gatesCell(v), v.aliases.join(', '), v.runId?.slice(0, 12) ?? '-', v.format, v.createdAt.slice(0, 19).replace('T', ' ')])));
      });
    }),
  );

  for (const verb of ['approve', 'reject'] as const) {
    addStoreOptions(
      models
        .command(`${verb} <name> <version>`)
        .description(verb === 'approve' ? 'approve a version (PendingManualApproval → Approved)' : 'reject a version (→ Rejected; refused while an alias points at it)')
        .option('--actor <who>', 'who decides (default: $FOREWARN_ACTOR or the OS user)')
        .requiredOption('--reason <text>', 'why (stored with the decision and in the audit log)'),
    ).action(
      action(async (name: string, version: string, o: ChangeOptions) => {
        const n = versionArg(version);
        await withStores(o, async ({ registry }) => {
          const by = { actor: o.actor ?? defaultActor(), reason: o.reason! };
          const v = verb === 'approve' ? await registry.approveVersion(name, n, by) : await registry.rejectVersion(name, n, by);
          if (o.json) return printJson(v);
          process.stdout.write(`${name} v${n}: ${v.approval.status} by ${v.approval.actor}\n`);
        });
      }),
    );
  }

  addStoreOptions(
    models
      .command('alias <name> <alias> [version]')
      .description('point an alias (production, staging, challenger, any name) at a version; --delete removes it')
      .option('--actor <who>', 'who makes the change (default: $FOREWARN_ACTOR or the OS user)')
      .option('--reason <text>', 'why (required with --force)')
      .option('--force', 'let a version that is not Approved or failed its gates take a protected alias (audited)')
      .option('--delete', 'remove the alias instead of setting it'),
  ).action(
    action(async (name: string, alias: string, version: string | undefined, o: ChangeOptions & { delete?: boolean }) => {
      if (o.delete && version !== undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('models alias: give either a <version> or --delete, not both');
      if (!o.delete && version === undefined) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('models alias: missing <version> (or pass --delete to remove the alias)');
      await withStores(o, async ({ registry }) => {
        const actor = o.actor ?? defaultActor();
        if (o.delete) {
          await registry.deleteAlias(name, alias, { actor, reason: o.reason });
          return o.json ? printJson({ model: name, alias, version: null }) : void process.stdout.write(`${name}: alias ${alias} removed\n`);
        }
        const n = versionArg(version!);
        const before = (await registry.getModel(name)).aliases[alias];
        const v = await registry.setAlias(name, alias, n, { actor, reason: o.reason, force: o.force });
        if (o.json) return printJson(v);
        process.stdout.write(`${name}: ${alias} → v${v.version}${before !== undefined && before !== v.version ? ` (was v${before})` : ''}${o.force ? ' [forced, audited]' : ''}\n`);
      });
    }),
  );

  addStoreOptions(
    models
      .command('rollback <name> <alias>')
      .description('move an alias back to its previous target (repeat to go further back)')
      .option('--actor <who>', 'who rolls back (default: $FOREWARN_ACTOR or the OS user)')
      .option('--reason <text>', 'why (recommended; required with --force)')
      .option('--force', 'roll back even if the previous version is no longer eligible (audited)'),
  ).action(
    action(async (name: string, alias: string, o: ChangeOptions) => {
      await withStores(o, async ({ registry }) => {
        const before = (await registry.getModel(name)).aliases[alias];
        const v = await registry.rollbackAlias(name, alias, { actor: o.actor ?? defaultActor(), reason: o.reason, force: o.force });
        if (o.json) return printJson(v ?? { model: name, alias, version: null });
        process.stdout.write(`${name}: ${alias} → ${v ? `v${v.version}` : '(removed)'} (was ${before === undefined ? 'unset' : `v${before}`})\n`);
      });
    }),
  );

  addStoreOptions(models.command('audit <name>').description('append-only audit log of a model: who changed what, when and why').option('-n, --limit <n>', 'the newest n entries', intOption('--limit', 1, 100_000), 200)).action(
    action(async (name: string, o: StoreCliOptions & { limit: number }) => {
      await withStores(o, async ({ registry }) => {
        const entries = await registry.auditLog(name, { limit: o.limit });
        if (o.json) return printJson(entries);
        const brief = (x: unknown) => (x === null || x === undefined ? '' : JSON.stringify(x));
        process.stdout.write(renderTable(['#', 'at', 'action', 'version', 'actor', 'before', 'after', 'reason'], entries.map((e) => [String(e.id), e.at.slice(0, 19).replace('T', ' '), e.action, e.version === null ? '' : `v${e.version}`, e.actor, brief(e.before), brief(e.after), e.reason ?? '']), 60));
      });
    }),
  );
}
