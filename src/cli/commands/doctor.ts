import type { Command } from 'commander';
import { action } from '../errors-out.js';
import { StoreErrors } from '../../db/errors.js';
import { addStoreOptions, printJson, withStores, type StoreCliOptions } from './stores-table.js';

/**
 * `forewarn doctor`: check the store, the registry and its artifacts for consistency (see registry/consistency.ts
 * for the list) and exit non-zero naming every problem. For operators after a crash, a restore or a move.
 */
export function registerDoctor(program: Command): void {
  addStoreOptions(
    program
      .command('doctor')
      .description('check the store and registry: engine integrity check, versions contiguous, artifacts present and hash-valid, state explained by the audit log; exits 3 on any problem'),
  ).action(
    action(async (o: StoreCliOptions) => {
      const { checkRegistryConsistency } = await import('../../registry/consistency.js');
      await withStores(o, async (stores) => {
        const r = await checkRegistryConsistency(stores.sql, stores.artifacts);
        if (o.json) printJson({ store: stores.sql.displayUrl, artifacts: stores.artifacts.rootUri, ...r });
        else {
          const c = r.checked;
          process.stdout.write(
            `store      ${stores.sql.displayUrl} (integrity check: ${c.integrityCheck})\nartifacts  ${stores.artifacts.rootUri}\nchecked    ${c.models} models, ${c.versions} versions, ${c.aliases} aliases, ${c.auditEntries} audit entries, ${c.artifacts} artifacts\n`,
          );
          if (r.ok) process.stdout.write('consistent: no problems found\n');
        }
        if (!r.ok) throw StoreErrors.FW_ERR_STORE_INCONSISTENT(`${r.problems.length} problem(s):\n${r.problems.map((p) => `  - ${p}`).join('\n')}`, { problems: r.problems });
      });
    }),
  );
}
