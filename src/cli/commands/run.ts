import type { Command } from 'commander';

// Placeholder: the owning area replaces this with its commands.
export function registerRun(_cmd: Command): void {}
