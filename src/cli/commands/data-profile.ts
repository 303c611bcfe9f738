import type { Command } from 'commander';

// Placeholder: the owning area replaces this with its commands.
export function registerDataProfile(_cmd: Command): void {}
