import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../src/env.js';

describe('configuration from the environment', () => {
  it('defaults to the embedded mode on port 3000', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, RUN_JOBS: true });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('names every bad value with what is wrong', () => {
    let message = '';
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', LOG_LEVEL: 'loud' });
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/PORT: a port number/);
    expect(message).toMatch(/DATABASE_URL: a postgres:\/\/ URL/);
    expect(message).toMatch(/REDIS_URL: a redis:\/\/ URL/);
    expect(message).toMatch(/LOG_LEVEL/);
  });

  it('reads rate limit overrides and names a bad one', () => {
    expect(parseEnv({ RATE_LIMITS: 'holdPerUser=5/10, signUpPerAddress=3/60' }).RATE_LIMITS).toEqual({
      holdPerUser: { points: 5, durationSeconds: 10 },
      signUpPerAddress: { points: 3, durationSeconds: 60 },
    });
    expect(() => parseEnv({ RATE_LIMITS: 'holdPerUser=5' })).toThrow(/RATE_LIMITS: "holdPerUser=5" is not/);
    expect(() => parseEnv({ RATE_LIMITS: 'nope=1/1' })).toThrow(/RATE_LIMITS: "nope" is not a limit/);
  });

  it('requires a shared session secret with a real database', () => {
    expect(() => parseEnv({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/SESSION_SECRET: required/);
    expect(() => parseEnv({ DATABASE_URL: 'postgres://localhost/x', SESSION_SECRET: 'short' })).toThrow(
      /at least 32 characters/,
    );
  });

  it('takes a metrics token only when it is long and fits a header', () => {
    expect(parseEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ METRICS_TOKEN: 'scrape-token-0123456789' }).METRICS_TOKEN).toBe(
      'scrape-token-0123456789',
    );
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: at least 16 characters/);
    expect(() => parseEnv({ METRICS_TOKEN: 'has a space in it, too long' })).toThrow(
      /METRICS_TOKEN: visible ASCII/,
    );
  });
});
