import type { Logger } from 'pino';
import type { AlertSink } from './alert-sink.js';
import { alertJson } from './alert-sink.js';
import type { AlertChange } from './machine-alerts.js';

export interface WebhookOptions {
  url: string;
  maxRetries: number;
  backoffMs: number;
  timeoutMs: number;
  /** For tests: the wait between attempts. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * POSTs each alert change as JSON. A 5xx, 429, timeout or connection error is retried with exponential backoff and
 * jitter (backoffMs, 2×, 4× …, up to maxRetries); a 4xx other than 429 is the receiver refusing the payload and is
 * not retried. Deliveries run in the background one after another per webhook, so a slow receiver never holds up
 * scoring; `close` waits for the queue. Counters say what was delivered, retried and given up.
 */
export class WebhookSink implements AlertSink {
  readonly name: string;
  delivered = 0;
  retries = 0;
  failed = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: WebhookOptions, private readonly log?: Logger) {
    this.name = `webhook:${new URL(o.url).host}`;
  }

  async publish(change: AlertChange): Promise<void> {
    const body = JSON.stringify({ kind: change.kind, alert: alertJson(change.episode) });
    this.queue = this.queue.then(() => this.deliver(body, change.episode.id));
  }

  private async deliver(body: string, id: string): Promise<void> {
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      let why = '';
      try {
        const res = await fetch(this.o.url, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': id }, body, signal: AbortSignal.timeout(this.o.timeoutMs) });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.delivered++;
          return;
        }
        why = `HTTP ${status}`;
      } catch (e) {
        why = (e as Error).message;
      }
      const retryable = status === 0 || status === 429 || status >= 500;
      if (!retryable || attempt >= this.o.maxRetries) {
        this.failed++;
        this.log?.error({ webhook: this.o.url, alert: id, attempts: attempt + 1, why }, 'alert webhook gave up');
        return;
      }
      this.retries++;
      const delay = this.o.backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
      this.log?.warn({ webhook: this.o.url, alert: id, attempt: attempt + 1, why, retryInMs: Math.round(delay) }, 'alert webhook failed; retrying');
      await sleep(delay);
    }
  }

  async close(): Promise<void> {
    await this.queue;
  }
}
