import cliProgress from 'cli-progress';

/**
 * Progress for long-running commands: a bar with counts and ETA on a terminal, plain log lines (at most one every
 * 2 s, plus the last) when stderr is not a terminal, so CI logs and pipes stay readable.
 */
export interface Progress {
  tick(n?: number): void;
  update(done: number): void;
  setTotal(total: number): void;
  finish(message?: string): void;
}

export interface ProgressOptions {
  /** Force a mode; default: bar when stderr is a TTY. 'silent' prints nothing (tests, library use). */
  mode?: 'bar' | 'lines' | 'silent';
  stream?: NodeJS.WritableStream;
}

let defaultMode: ProgressOptions['mode'] | undefined;
/** The CLI sets this once from --quiet / environment. */
export function setDefaultProgressMode(mode: ProgressOptions['mode']): void {
  defaultMode = mode;
}

export function createProgress(label: string, total: number, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const mode = opts.mode ?? defaultMode ?? ((stream as NodeJS.WriteStream).isTTY ? 'bar' : 'lines');
  if (mode === 'silent') return { tick() {}, update() {}, setTotal() {}, finish() {} };
  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {duration_formatted}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let done = 0;
    bar.start(total, 0);
    return {
      tick(n = 1) { done += n; bar.update(done); },
      update(d) { done = d; bar.update(d); },
      setTotal(t) { bar.setTotal(t); },
      finish(message) { bar.update(bar.getTotal()); bar.stop(); if (message) stream.write(`${message}\n`); },
    };
  }
  const start = Date.now();
  let last = 0;
  let done = 0;
  let tot = total;
  const line = (): void => {
    const el = (Date.now() - start) / 1000;
    const eta = done > 0 && tot > done ? ((el / done) * (tot - done)).toFixed(1) + 's' : '-';
    stream.write(`${label}: ${done}/${tot} (${tot ? Math.floor((100 * done) / tot) : 100}%) elapsed ${el.toFixed(1)}s eta ${eta}\n`);
  };
  const maybe = (): void => {
    const now = Date.now();
    if (now - last >= 2000) { last = now; line(); }
  };
  return {
    tick(n = 1) { done += n; maybe(); },
    update(d) { done = d; maybe(); },
    setTotal(t) { tot = t; },
    finish(message) { done = tot; line(); if (message) stream.write(`${message}\n`); },
  };
}
