import type { Logger } from 'pino';
import type { ModelSource } from './model-source.js';
import { loadVersion, type LoadedModel } from './loaded-model.js';
import { isFwError } from '../core/errors.js';
import { ServingErrors } from './errors.js';
import { collectGarbage } from './gc.js';

export interface LoadError {
  code: string;
  message: string;
  at: string;
  /** The version that failed, when the source could name it. */
  version?: string;
}

export interface SlotEvents {
  onSwap?(next: LoadedModel, prev: LoadedModel | undefined): void;
  onLoadError?(err: LoadError): void;
}

export type RefreshResult = { status: 'swapped' | 'unchanged'; version: string } | { status: 'failed'; error: LoadError };

/**
 * Holds the served model and swaps it. `current` is a single reference: handlers read it once per request, so a
 * swap (one assignment) never mixes two models inside a request, and in-flight requests finish on the old one.
 * Loads run in the background; a failed load keeps the old model and is recorded in `lastError`.
 */
export class ModelSlot {
  current: LoadedModel | undefined;
  lastError: LoadError | undefined;
  swaps = 0;
  private refreshing: Promise<RefreshResult> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: ModelSource,
    readonly modelName: string | undefined,
    readonly alias: string,
    private readonly events: SlotEvents = {},
    private readonly log?: Logger,
  ) {}

  get sourceDescription(): string {
    return this.source.description;
  }

  /** Resolve the alias and load it if it is a different version (or `force`). Concurrent calls share one load. */
  refresh(force = false): Promise<RefreshResult> {
    if (!this.refreshing) {
      this.refreshing = this.doRefresh(force).finally(() => {
        this.refreshing = undefined;
      });
    }
    return this.refreshing;
  }

  private async doRefresh(force: boolean): Promise<RefreshResult> {
    let version: string | undefined;
    try {
      const d = await this.source.resolve(this.modelName, this.alias);
      version = d.version;
      const cur = this.current;
      if (!force && cur && cur.name === d.name && cur.version === d.version) return { status: 'unchanged', version: d.version };
      const next = await loadVersion(d);
      const prev = this.current;
      this.current = next; // the swap
      this.swaps += prev ? 1 : 0;
      this.lastError = undefined;
      if (prev) this.retire(prev);
      // The load's transient JSON is garbage now; collect it while nothing is waiting (see gc.ts).
      collectGarbage();
      this.events.onSwap?.(next, prev);
      this.log?.info({ model: next.name, version: next.version, previous: prev?.version, loadSeconds: next.loadSeconds }, prev ? 'model swapped' : 'model loaded');
      return { status: 'swapped', version: next.version };
    } catch (e) {
      const err: LoadError = {
        code: isFwError(e) ? e.code : ServingErrors.defs.FW_ERR_SERVE_MODEL_LOAD.code,
        message: e instanceof Error ? e.message : String(e),
        at: new Date().toISOString(),
        version,
      };
      this.lastError = err;
      this.events.onLoadError?.(err);
      this.log?.error({ err: err.message, code: err.code, version }, this.current ? 'model load failed; keeping the current model' : 'model load failed');
      return { status: 'failed', error: err };
    }
  }

  /** Take the current model for one request; pair with release(). */
  acquire(): LoadedModel | undefined {
    const m = this.current;
    if (m) m.inFlight++;
    return m;
  }

  release(m: LoadedModel): void {
    m.inFlight--;
    if (m.retired && m.inFlight === 0) void this.closeModel(m);
  }

  private retire(m: LoadedModel): void {
    m.retired = true;
    if (m.inFlight === 0) void this.closeModel(m);
  }

  private async closeModel(m: LoadedModel): Promise<void> {
    try {
      await m.predictor.close?.();
    } catch (e) {
      this.log?.warn({ err: (e as Error).message, version: m.version }, 'closing a retired model failed');
    }
  }

  startPolling(seconds: number): void {
    this.stopPolling();
    if (!(seconds > 0)) return;
    const tick = () => {
      void this.refresh().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, seconds * 1000).unref();
      });
    };
    this.timer = setTimeout(tick, seconds * 1000).unref();
  }

  stopPolling(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  async close(): Promise<void> {
    this.stopPolling();
    if (this.refreshing) await this.refreshing.catch(() => undefined);
    const m = this.current;
    this.current = undefined;
    if (m) this.retire(m);
  }
}
