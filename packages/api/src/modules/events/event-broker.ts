/**
 * The broker for internal consumers: NATS JetStream (docs/domain.md, "Sale events" says why). Each event is
 * published on `<prefix>.<type>` (tix.events.payment.completed) with its id as the JetStream message id, so the
 * stream itself drops a repeat within its duplicate window; consumers still dedupe by id for repeats outside it.
 */
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';

export interface EventBroker {
  publish(event: { id: string; type: string; body: string }): Promise<void>;
  close(): Promise<void>;
}

export interface BrokerOptions {
  /** nats://host:port */
  url: string;
  stream: string;
  subjectPrefix: string;
}

export const defaultBrokerNames = { stream: 'TIX_EVENTS', subjectPrefix: 'tix.events' };

/** Connects and makes sure the stream exists (adding it is idempotent for the same configuration). */
export async function connectEventBroker(options: BrokerOptions): Promise<EventBroker> {
  const nc: NatsConnection = await connect({ servers: options.url.replace(/^nats:\/\//, '') });
  const jsm = await jetstreamManager(nc);
  const subjects = [`${options.subjectPrefix}.>`];
  await jsm.streams.add({ name: options.stream, subjects }).catch(async (err: unknown) => {
    // Already there with other settings (an operator tuned it): use it as it is.
    await jsm.streams.info(options.stream).catch(() => {
      throw err;
    });
  });
  const js: JetStreamClient = jetstream(nc);
  const encoder = new TextEncoder();
  return {
    async publish(event) {
      await js.publish(`${options.subjectPrefix}.${event.type}`, encoder.encode(event.body), {
        msgID: event.id,
        timeout: 5000,
      });
    },
    async close() {
      await nc.drain().catch(() => nc.close());
    },
  };
}
