import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { intOption } from '../options.js';
import { CoreErrors } from '../../core/errors.js';
import { RUN_STATUSES, type Run, type RunStatus } from '../../entities/tracking.js';
import { addStoreOptions, fmtDuration, fmtNum, highlight, printJson, renderTable, withStores, type StoreCliOptions } from './stores-table.js';

interface ListOptions extends StoreCliOptions {
  experiment?: string[];
  status?: string;
  orderBy?: string;
  asc?: boolean;
  limit: number;
  parent?: string;
  topLevel?: boolean;
}

/** `forewarn runs list|show|compare`: read-only views of the tracking store. */
export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('tracked training runs: list, show, compare side by side');

  addStoreOptions(
    runs
      .command('list')
      .description('list runs, newest first or ordered by a metric')
      .option('-e, --experiment <name...>', 'only these experiments')
      .option('--status <status>', `only runs with this status (${RUN_STATUSES.join('|')})`)
      .option('--order-by <metric>', 'order by the latest value of this metric (descending; runs without it last)')
      .option('--asc', 'ascending order for --order-by')
      .option('--parent <runId>', 'only the child runs (e.g. search trials) of this run')
      .option('--top-level', 'only runs without a parent')
      .option('-n, --limit <n>', 'at most n runs', intOption('--limit', 1, 10_000), 50),
  ).action(
    action(async (o: ListOptions) => {
      if (o.status && !RUN_STATUSES.includes(o.status as RunStatus)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`--status: expected one of ${RUN_STATUSES.join(', ')}, got ${JSON.stringify(o.status)}`);
      if (o.parent && o.topLevel) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('--parent and --top-level cannot be combined');
      await withStores(o, async ({ tracking }) => {
        // Said on the CLI, not only recorded: a run listed as FAILED here may have been RUNNING a moment ago.
        for (const a of await tracking.reconcileAbandonedRuns()) process.stderr.write(`note: run ${a.runId.slice(0, 12)} marked FAILED: ${a.reason}\n`);
        const list = await tracking.searchRuns({
          experiments: o.experiment,
          statuses: o.status ? [o.status as RunStatus] : undefined,
          parentRunId: o.parent ? (await tracking.getRun(o.parent)).id : o.topLevel ? null : undefined,
          orderBy: o.orderBy ? { metric: o.orderBy, direction: o.asc ? 'asc' : 'desc' } : undefined,
          limit: o.limit,
        });
        if (o.json) return printJson(list);
        if (!list.length) return void process.stdout.write('no runs\n');
        const exps = new Map((await tracking.listExperiments()).map((e) => [e.id, e.name]));
        const metricKeys = o.orderBy ? [o.orderBy] : [...new Set(list.flatMap((r) => Object.keys(r.metrics)))].sort().slice(0, 4);
        process.stdout.write(
          renderTable(
            ['run', 'experiment', 'name', 'status', 'started', 'took', ...metricKeys],
            list.map((r) => [r.id.slice(0, 12), exps.get(r.experimentId) ?? r.experimentId, (r.parentRunId ? '└ ' : '') + (r.name ?? ''), r.status, r.startTime.slice(0, 19).replace('T', ' '), fmtDuration(r.startTime, r.endTime), ...metricKeys.map((k) => fmtNum(r.metrics[k]))]),
          ),
        );
      });
    }),
  );

  addStoreOptions(runs.command('show <runId>').description('one run: provenance, params, metrics, tags, artifacts (id or unique prefix)')).action(
    action(async (id: string, o: StoreCliOptions) => {
      await withStores(o, async ({ tracking }) => {
        const r = await tracking.getRun(id);
        if (o.json) return printJson(r);
        const exp = await tracking.getExperiment(r.experimentId);
        const lines = [
          `run          ${r.id}${r.name ? `  (${r.name})` : ''}`,
          `experiment   ${exp.name}`,
          `status       ${r.status}`,
          `started      ${r.startTime}`,
          `ended        ${r.endTime ?? '-'}  (${fmtDuration(r.startTime, r.endTime)})`,
          `parent       ${r.parentRunId ?? '-'}`,
          `dataset      ${r.datasetHash ?? '-'}`,
          `config       ${r.configHash ?? '-'}`,
          `code         ${r.codeVersion ?? '-'}`,
          `environment  ${r.environment ? `node ${r.environment.nodeVersion}, ${r.environment.platform}/${r.environment.arch}, forewarn ${r.environment.packageVersion ?? '?'}` : '-'}`,
          `artifacts    ${r.artifactUri ?? '-'}`,
          `owner        ${r.owner ? `pid ${r.owner.pid} on ${r.owner.host}` : '-'}${r.heartbeatAt ? `  (last heartbeat ${r.heartbeatAt})` : ''}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        const section = (title: string, rec: Record<string, string>) => {
          const keys = Object.keys(rec).sort();
          if (keys.length) process.stdout.write(`\n${title}\n${renderTable(['key', 'value'], keys.map((k) => [k, rec[k]!]), 100)}`);
        };
        section('params', r.params);
        section('metrics (latest)', Object.fromEntries(Object.entries(r.metrics).map(([k, v]) => [k, fmtNum(v)])));
        section('tags', r.tags);
        section('artifacts', r.artifacts);
      });
    }),
  );

  addStoreOptions(runs.command('compare <runIds...>').description('params and metrics of several runs side by side; differing rows marked *')).action(
    action(async (ids: string[], o: StoreCliOptions) => {
      if (ids.length < 2) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT('runs compare: give at least two run ids');
      await withStores(o, async ({ tracking }) => {
        const list: Run[] = [];
        for (const id of ids) list.push(await tracking.getRun(id));
        const table = compareRuns(list);
        if (o.json) return printJson({ runs: list.map((r) => ({ id: r.id, name: r.name, status: r.status })), rows: table });
        const headers = ['', 'kind', 'key', ...list.map((r) => r.name ? `${r.name} (${r.id.slice(0, 8)})` : r.id.slice(0, 12))];
        const rows = table.map((row) => {
          const cells = row.values.map((v) => (v === null ? '-' : row.kind === 'metric' ? fmtNum(Number(v)) : String(v)));
          return [row.differs ? '*' : '', row.kind, row.key, ...cells.map((c) => (row.differs ? highlight(c) : c))];
        });
        process.stdout.write(renderTable(headers, rows));
        const n = table.filter((r) => r.differs).length;
        process.stdout.write(`\n${n} of ${table.length} rows differ (*)\n`);
      });
    }),
  );
}

export interface CompareRow {
  kind: 'param' | 'metric' | 'info';
  key: string;
  values: (string | number | null)[];
  differs: boolean;
}

/** Rows for a side-by-side comparison: provenance, then every param and metric key any run has. */
export function compareRuns(list: Run[]): CompareRow[] {
  const rows: CompareRow[] = [];
  const push = (kind: CompareRow['kind'], key: string, values: (string | number | null)[]) =>
    rows.push({ kind, key, values, differs: new Set(values.map((v) => JSON.stringify(v))).size > 1 });
  push('info', 'status', list.map((r) => r.status));
  push('info', 'dataset', list.map((r) => r.datasetHash));
  push('info', 'config', list.map((r) => r.configHash));
  push('info', 'code', list.map((r) => r.codeVersion));
  for (const k of [...new Set(list.flatMap((r) => Object.keys(r.params)))].sort()) push('param', k, list.map((r) => r.params[k] ?? null));
  for (const k of [...new Set(list.flatMap((r) => Object.keys(r.metrics)))].sort()) push('metric', k, list.map((r) => r.metrics[k] ?? null));
  return rows;
}
