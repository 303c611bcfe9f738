import type { Command } from 'commander';

// Placeholder: the owning area replaces this with its commands.
export function registerSimulate(_cmd: Command): void {}
