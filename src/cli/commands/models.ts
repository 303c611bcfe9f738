import type { Command } from 'commander';

// Placeholder: the owning area replaces this with its commands.
export function registerModels(_cmd: Command): void {}
