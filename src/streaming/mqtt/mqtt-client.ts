import { StreamErrors } from '../errors.js';

/**
 * The part of the mqtt.js client forewarn calls, typed structurally (the kysely SqliteDatabase pattern): the
 * source, the alert sink and the dead-letter publisher depend on this, not on the library, and the library is only
 * imported when a broker is actually used.
 */
export interface MqttPublishOptions {
  qos?: 0 | 1 | 2;
  retain?: boolean;
}

export interface MqttClientLike {
  subscribeAsync(topics: Record<string, { qos: 0 | 1 | 2 }>): Promise<{ topic: string; qos: number }[]>;
  publishAsync(topic: string, message: string | Buffer, opts?: MqttPublishOptions): Promise<unknown>;
  publish(topic: string, message: string | Buffer, opts: MqttPublishOptions, cb?: (err?: Error) => void): unknown;
  on(event: 'message', cb: (topic: string, payload: Buffer) => void): unknown;
  on(event: 'error', cb: (err: Error) => void): unknown;
  endAsync(force?: boolean): Promise<void>;
}

export interface MqttConnectOptions {
  clientId?: string;
  /** false = a persistent session: the broker queues QoS 1 messages while this client is away. */
  clean?: boolean;
  connectTimeoutMs?: number;
}

/** Connect, or fail with FW_ERR_STREAM_BROKER naming the URL (no endless reconnect loop on a first failure). */
export async function connectMqtt(url: string, o: MqttConnectOptions = {}): Promise<MqttClientLike> {
  const mqtt = await import('mqtt');
  try {
    const client = await mqtt.connectAsync(url, {
      clientId: o.clientId,
      clean: o.clean ?? true,
      connectTimeout: o.connectTimeoutMs ?? 5000,
      reconnectPeriod: 1000,
    }, false);
    return client as unknown as MqttClientLike;
  } catch (e) {
    throw StreamErrors.FW_ERR_STREAM_BROKER(`MQTT broker ${url}: ${(e as Error).message}`, undefined, e);
  }
}

/** Is a broker listening at this URL? Tests use it to skip loudly when Mosquitto is not running. */
export async function mqttReachable(url = 'mqtt://127.0.0.1:1883'): Promise<boolean> {
  try {
    const c = await connectMqtt(url, { connectTimeoutMs: 1500 });
    await c.endAsync(true);
    return true;
  } catch {
    return false;
  }
}
