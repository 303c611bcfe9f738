import type { AlertSink } from '../alert-sink.js';
import { alertJson } from '../alert-sink.js';
import type { AlertChange, AlertEpisode } from '../machine-alerts.js';
import type { DeadLetterSink } from '../stream-processor.js';
import type { DeadLetter } from '../telemetry-event.js';
import type { MqttClientLike } from './mqtt-client.js';

/**
 * Publishes each machine's current alert state, retained, at `<topic>/<machine>`: a dashboard that subscribes late
 * still gets every machine's open episodes at once. The payload also names the change that produced it.
 */
export class MqttAlertSink implements AlertSink {
  readonly name = 'mqtt';
  published = 0;

  constructor(private readonly client: MqttClientLike, private readonly topic: string) {}

  async publish(change: AlertChange, open: AlertEpisode[]): Promise<void> {
    const body = JSON.stringify({ machine: change.episode.machine, open: open.map(alertJson), change: { kind: change.kind, alert: alertJson(change.episode) } });
    await this.client.publishAsync(`${this.topic}/${change.episode.machine}`, body, { qos: 1, retain: true });
    this.published++;
  }

  async close(): Promise<void> {}
}

/** Dead letters to a topic (QoS 0, not retained): the reason, its code, where it came from, the payload. */
export class MqttDeadLetters implements DeadLetterSink {
  constructor(private readonly client: MqttClientLike, private readonly topic: string) {}

  publish(d: DeadLetter): void {
    this.client.publish(this.topic, JSON.stringify(d), { qos: 0 }, () => undefined);
  }
}
