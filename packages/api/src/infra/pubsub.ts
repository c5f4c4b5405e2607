/**
 * Fan-out of events between server processes (Redis pub/sub) or within one (an EventEmitter). Used for live seat
 * changes and queue notifications. Delivery is best effort: subscribers also re-read state, so a lost message only
 * delays an update.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import superjson from 'superjson';

export type Unsubscribe = () => void;

export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>;
  subscribe(channel: string, handler: (message: unknown) => void): Unsubscribe;
  close(): Promise<void>;
}

export function createMemoryPubSub(): PubSub {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(channel, message) {
      emitter.emit(channel, message);
    },
    subscribe(channel, handler) {
      emitter.on(channel, handler);
      return () => emitter.off(channel, handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

/** `redis` publishes; a duplicate connection subscribes (a subscribed connection can do nothing else). */
export function createRedisPubSub(redis: Redis): PubSub {
  const subscriber = redis.duplicate();
  const local = createMemoryPubSub();
  const counts = new Map<string, number>();
  const prefix = redis.options.keyPrefix ?? '';

  subscriber.on('message', (channel: string, raw: string) => {
    void local.publish(channel.slice(prefix.length), superjson.parse(raw));
  });
  subscriber.on('error', () => {}); // ioredis reconnects by itself; errors are logged by the main connection.

  return {
    async publish(channel, message) {
      await redis.publish(prefix + channel, superjson.stringify(message));
    },
    subscribe(channel, handler) {
      const count = counts.get(channel) ?? 0;
      counts.set(channel, count + 1);
      if (count === 0) void subscriber.subscribe(prefix + channel).catch(() => {});
      const off = local.subscribe(channel, handler);
      return () => {
        off();
        const left = (counts.get(channel) ?? 1) - 1;
        if (left > 0) counts.set(channel, left);
        else {
          counts.delete(channel);
          void subscriber.unsubscribe(prefix + channel).catch(() => {});
        }
      };
    },
    async close() {
      await local.close();
      subscriber.disconnect();
    },
  };
}
