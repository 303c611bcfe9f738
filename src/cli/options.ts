import { CoreErrors } from '../core/errors.js';

/** Option parsers that name the option and the rule (commander passes raw strings). */
export function intOption(name: string, min = -Infinity, max = Infinity): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${name}: expected an integer, got ${JSON.stringify(v)}`);
    if (n < min || n > max) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${name}: expected an integer in [${min}, ${max}], got ${n}`);
    return n;
  };
}

export function numberOption(name: string, min = -Infinity, max = Infinity): (v: string) => number {
  return (v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${name}: expected a finite number, got ${JSON.stringify(v)}`);
    if (n < min || n > max) throw CoreErrors.FW_ERR_CORE_INVALID_ARGUMENT(`${name}: expected a number in [${min}, ${max}], got ${n}`);
    return n;
  };
}
