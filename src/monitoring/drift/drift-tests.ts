import { MonitorErrors } from '../errors.js';
import type { DriftTest } from './drift-test.js';
import { psiTest } from './psi.js';
import { ksTest } from './ks.js';
import { chiSquareTest } from './chi-square.js';
import { wassersteinTest } from './wasserstein.js';
import { jensenShannonTest } from './jensen-shannon.js';

/** Drift tests by name. Registering a name twice throws; asking for an unknown one lists the known names. */
export class DriftTestRegistry {
  private readonly tests = new Map<string, DriftTest>();
  register(test: DriftTest): this {
    if (this.tests.has(test.name)) throw new Error(`drift test "${test.name}" is registered twice`);
    this.tests.set(test.name, test);
    return this;
  }
  get(name: string): DriftTest {
    const t = this.tests.get(name);
    if (!t) throw MonitorErrors.FW_ERR_MONITOR_UNKNOWN_TEST(`unknown drift test "${name}" (known: ${this.names().join(', ')})`);
    return t;
  }
  names(): string[] {
    return [...this.tests.keys()].sort();
  }
}

export const driftTests = new DriftTestRegistry().register(psiTest).register(ksTest).register(chiSquareTest).register(wassersteinTest).register(jensenShannonTest);
