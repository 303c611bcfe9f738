import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { action } from '../errors-out.js';
import { atomicWrite } from '../../core/atomic-write.js';
import { CoreErrors } from '../../core/errors.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a commented starter forewarn.yaml into a project folder')
    .argument('[dir]', 'project folder', '.')
    .option('--force', 'overwrite an existing forewarn.yaml')
    .action(action(async (dir: string, opts: { force?: boolean }) => {
      const [{ starterConfig }, { CONFIG_FILE }] = await Promise.all([import('../../config/starter.js'), import('../../config/load.js')]);
      const abs = resolve(dir);
      const path = join(abs, CONFIG_FILE);
      if (existsSync(path) && !opts.force) throw CoreErrors.FW_ERR_CORE_CONFLICT(`${path} already exists; pass --force to overwrite it`);
      await atomicWrite(path, starterConfig(basename(abs)));
      process.stdout.write(`wrote ${path}\n`);
    }));
}
