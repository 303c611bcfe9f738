/**
 * The buffer between a push-based client (MQTT, JetStream) and the pull-based stream processor: the client's
 * callback pushes, the processor drains by async iteration, so a burst never blocks the client's socket. Consumed
 * slots are cleared and the array compacted now and then, so a long-running queue does not grow without bound.
 */
export class PushQueue<T> {
  private items: T[] = [];
  private head = 0;
  private wake: (() => void) | undefined;
  private ended = false;

  /** Items pushed and not yet taken (for /metrics). */
  get length(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
    this.signal();
  }

  /** No more items: the iterator returns once the queue is drained. */
  end(): void {
    this.ended = true;
    this.signal();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (this.head < this.items.length) {
        const item = this.items[this.head]!;
        this.items[this.head++] = undefined as never;
        if (this.head > 65536 && this.head * 2 > this.items.length) {
          this.items = this.items.slice(this.head);
          this.head = 0;
        }
        yield item;
      }
      if (this.ended) return;
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
