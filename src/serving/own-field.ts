/**
 * Set `key` as an own data property. A plain assignment with the key `__proto__` would replace the object's
 * prototype instead (the value vanishes, and an object value pollutes the record's lookups), so a feature named
 * `__proto__` could never be served; JSON.parse already creates such keys as own properties.
 */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}
