/**
 * Azure PdM file layout, as in the Kaggle mirror users download: quoted header, quoted strings, bare numbers and
 * timestamps (`2015-01-05 06:00:00,1,"comp4"`). Numbers use JavaScript's shortest round-trip form, so a value read
 * back parses to the same double.
 */
export const TABLE_FILES = {
  telemetry: 'PdM_telemetry.csv',
  errors: 'PdM_errors.csv',
  maint: 'PdM_maint.csv',
  failures: 'PdM_failures.csv',
  machines: 'PdM_machines.csv',
} as const;
export type TableName = keyof typeof TABLE_FILES;

export const TABLE_COLUMNS: Record<TableName, readonly string[]> = {
  telemetry: ['datetime', 'machineID', 'volt', 'rotate', 'pressure', 'vibration'],
  errors: ['datetime', 'machineID', 'errorID'],
  maint: ['datetime', 'machineID', 'comp'],
  failures: ['datetime', 'machineID', 'failure'],
  machines: ['machineID', 'model', 'age'],
};

export function headerLine(table: TableName): string {
  return TABLE_COLUMNS[table].map((c) => `"${c}"`).join(',');
}

export function telemetryLine(datetime: string, machineID: number, v: ArrayLike<number>): string {
  return `${datetime},${machineID},${v[0]},${v[1]},${v[2]},${v[3]}`;
}

/** errors / maint / failures rows: time, machine, one quoted code. */
export function eventLine(datetime: string, machineID: number, code: string): string {
  return `${datetime},${machineID},"${code}"`;
}

export function machineLine(machineID: number, model: string, age: number): string {
  return `${machineID},"${model}",${age}`;
}
