/**
 * Deterministic machine → partition assignment for the JetStream transport: FNV-1a (32 bit) of the machine id
 * text, modulo the partition count. Every publisher and worker computes the same partition with no coordination,
 * and a machine's events stay in one partition, so one worker sees all of them in publish order.
 */
export function partitionOf(machine: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < machine.length; i++) {
    h ^= machine.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** Partitions owned by worker `w` of `workers`: p ≡ w (mod workers). */
export function workerPartitions(worker: number, workers: number, partitions: number): number[] {
  const out: number[] = [];
  for (let p = worker; p < partitions; p += workers) out.push(p);
  return out;
}

/** A subject token cannot contain `.`, `*`, `>` or whitespace. */
export function subjectToken(s: string): string {
  return s.replace(/[.*>\s]/g, '_');
}

/** `<prefix>.p<partition>.<table>.<machine>` */
export function eventSubject(prefix: string, partitions: number, table: string, machine: string): string {
  return `${prefix}.p${partitionOf(machine, partitions)}.${subjectToken(table)}.${subjectToken(machine)}`;
}
