/**
 * The product's Redis connection: bounded in time everywhere (connect, each command, retries of a command across a
 * reconnect) and behind the Redis circuit breaker, so a Redis that is down, black-holed or stalled costs a call at
 * most one command timeout in all, however many commands it sends one after another: the breaker opens on the first
 * timeouts, and then refuses new commands and fails those still waiting at once. Plain Redis by URL, or Redis Sentinel
 * through ioredis' own support (it asks the sentinels for the current primary and follows a failover).
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { CircuitBreaker } from './circuit-breaker.js';
import {
  DependencyUnavailableError,
  isConnectionFailure,
  tagDependencyFailure,
} from './dependency-failure.js';

export interface RedisSettings {
  /** `redis://…`; ignored when `sentinels` are given. */
  url?: string | undefined;
  /** Sentinels to ask for the primary of `sentinelName`. */
  sentinels?: Array<{ host: string; port: number }> | undefined;
  sentinelName?: string | undefined;
  keyPrefix: string;
  /** Longest wait for one command's reply, queued ones included (the server's default 1000 ms). */
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  /** Times one command is sent again across reconnects before it fails (default 1). */
  maxRetriesPerRequest: number;
}

/** ioredis options for `settings` (exported for the tests' own connections). */
export function redisOptions(settings: RedisSettings): RedisOptions {
  const options: RedisOptions = {
    keyPrefix: settings.keyPrefix,
    commandTimeout: settings.commandTimeoutMs,
    connectTimeout: settings.connectTimeoutMs,
    maxRetriesPerRequest: settings.maxRetriesPerRequest,
    enableAutoPipelining: true,
    // Reconnect soon and keep trying: the breaker, not a long back-off, decides what callers see meanwhile.
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
  if (settings.sentinels && settings.sentinels.length > 0) {
    return { ...options, sentinels: settings.sentinels, name: settings.sentinelName ?? 'mymaster' };
  }
  return options;
}

export function createRedisClient(settings: RedisSettings, breaker: CircuitBreaker | null): Redis {
  const options = redisOptions(settings);
  const redis = options.sentinels ? new Redis(options) : new Redis(settings.url ?? '', options);
  if (breaker) guardRedis(redis, breaker);
  return redis;
}

type SendCommand = Redis['sendCommand'];

const isTimeout = (err: unknown) => err instanceof Error && err.message === 'Command timed out';

/**
 * Puts every command of `redis` (plain, scripted, pipelined: they all pass through sendCommand) behind `breaker`:
 * refused at once while it is open, counted when it fails for want of a connection or a timely reply.
 *
 * A pipeline (and so every auto-pipelined command) is admitted or refused whole, on its first command: ioredis
 * writes a pipeline's bytes only once every command of it has been handed to the stream, and queues each for its
 * reply as it goes, so refusing some of them would leave replies expected for commands never sent, and every later
 * reply on the connection would go to the wrong command.
 *
 * A command that times out opens the breaker at once: a reply a whole timeout late means Redis is silent or stalled,
 * not blinking, and ioredis sends one auto-pipeline at a time, so every command issued meanwhile is queued behind the
 * one that timed out. Left closed, the breaker would let that queue go out next and each of its commands wait a
 * timeout of its own (a call two in all: measured 3-4 s with 2 s timeouts); open, it is refused at once. For the
 * same reason the commands already sent and still waiting fail when the breaker opens. Only their promises fail, as
 * ioredis' own timeout does: each command stays in the connection's queue, so a late reply still lands on it and
 * the replies after it on theirs.
 */
export function guardRedis(redis: Redis, breaker: CircuitBreaker): void {
  const send: SendCommand = redis.sendCommand.bind(redis);
  const pipelines = new WeakMap<object, Error | null>();
  const waiting = new Set<Parameters<SendCommand>[0]>();
  const admission = (stream: unknown): Error | null => {
    const pipeline = typeof stream === 'object' && stream !== null && 'isPipeline' in stream ? stream : null;
    if (pipeline && pipelines.has(pipeline)) return pipelines.get(pipeline) ?? null;
    let refusal: Error | null = null;
    try {
      // With no connection at all, an open breaker's probe would only wait in the offline queue for a timeout: the
      // connection's 'ready' closes the breaker instead.
      if (redis.status !== 'ready' && breaker.state() !== 'closed')
        throw new DependencyUnavailableError('redis');
      breaker.admit();
    } catch (err) {
      refusal = err as Error;
    }
    if (pipeline) pipelines.set(pipeline, refusal);
    return refusal;
  };
  const failWaiting = () => {
    const unavailable = new DependencyUnavailableError('redis');
    for (const command of [...waiting]) command.reject(unavailable);
    waiting.clear();
  };
  const guarded: SendCommand = (command, ...rest) => {
    // While a connection is being made, its own handshake (the ready check's INFO, AUTH, SELECT) must pass: refused,
    // ioredis would drop the connection and start again, and the breaker would never see Redis come back.
    const refusal = redis.status === 'connect' ? null : admission(rest[0]);
    if (refusal) {
      command.reject(refusal);
      return command.promise;
    }
    const reply = send(command, ...rest) as Promise<unknown>;
    waiting.add(command);
    reply.then(
      () => {
        waiting.delete(command);
        breaker.succeeded();
      },
      (err: unknown) => {
        waiting.delete(command);
        if (err instanceof DependencyUnavailableError) return; // failed by failWaiting: already counted
        if (!isConnectionFailure(err, 'redis')) return breaker.succeeded(); // Redis answered: it is up.
        tagDependencyFailure(err, 'redis');
        if (isTimeout(err)) breaker.trip();
        else breaker.failed();
        if (breaker.state() !== 'closed') failWaiting();
      },
    );
    return reply;
  };
  redis.sendCommand = guarded;
  // The connection itself says when Redis went away and when it is back; the breaker follows at once.
  redis.on('reconnecting', () => breaker.trip());
  redis.on('ready', () => breaker.reset());
}
