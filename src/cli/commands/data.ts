import type { Command } from 'commander';

// Placeholder: the owning area replaces this with its commands.
export function registerData(_cmd: Command): void {}
