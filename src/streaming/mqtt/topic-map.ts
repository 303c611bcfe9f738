/**
 * MQTT topic filters (`pdm/+/telemetry`) → table, with the `+` level read as the machine. Topic → match results are
 * cached: a fleet publishes on a fixed set of topics, and the hot path should not run regexes per message.
 */
export interface TopicMatch {
  table: string;
  entity?: string;
}

export class TopicMap {
  private readonly rules: { table: string; re: RegExp; entityGroup: number }[] = [];
  private readonly cache = new Map<string, TopicMatch | null>();

  constructor(tables: Record<string, { topic: string }>) {
    for (const [table, t] of Object.entries(tables)) {
      const parts = t.topic.split('/');
      const plus = parts.indexOf('+');
      const re = new RegExp(`^${parts.map((p) => (p === '+' ? '([^/]+)' : p === '#' ? '(.*)' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}$`);
      this.rules.push({ table, re, entityGroup: plus >= 0 ? parts.slice(0, plus + 1).filter((p) => p === '+' || p === '#').length : 0 });
    }
  }


  match(topic: string): TopicMatch | null {
    let m = this.cache.get(topic);
    if (m !== undefined) return m;
    m = null;
    for (const r of this.rules) {
      const x = r.re.exec(topic);
      if (x) {
        m = r.entityGroup ? { table: r.table, entity: x[r.entityGroup] } : { table: r.table };
        break;
      }
    }
    if (this.cache.size < 1_000_000) this.cache.set(topic, m);
    return m;
  }
}
