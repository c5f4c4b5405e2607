/**
 * The circuit breaker and the failure classifier on their own (README, "Timeouts and failures"); against real
 * broken Redis and PostgreSQL see apps/server/test/redis-faults.e2e.test.ts and postgres-faults.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/infra/circuit-breaker.js';
import {
  DependencyUnavailableError,
  dependencyOf,
  isConnectionFailure,
  tagDependencyFailure,
} from '../../src/infra/dependency-failure.js';
import { DomainError } from '../../src/errors.js';

describe('a circuit breaker', () => {
  it('opens after failures in a row, refuses at once, lets one probe through, and closes on its success', () => {
    let now = 0;
    const breaker = createCircuitBreaker('redis', { failuresToOpen: 3, openMs: 1000 }, () => now);
    breaker.failed();
    breaker.failed();
    breaker.succeeded(); // a success in between starts the count again
    breaker.failed();
    breaker.failed();
    expect(breaker.state()).toBe('closed');
    breaker.failed();
    expect(breaker.state()).toBe('open');
    expect(() => breaker.admit()).toThrow(DependencyUnavailableError);
    now = 1000;
    expect(breaker.state()).toBe('half-open');
    expect(() => breaker.admit()).not.toThrow(); // the probe
    expect(() => breaker.admit()).toThrow(DependencyUnavailableError); // one probe at a time
    breaker.failed();
    expect(breaker.state()).toBe('open');
    now = 2000;
    breaker.admit();
    breaker.succeeded();
    expect(breaker.state()).toBe('closed');
  });

  it('trips and resets when the connection itself says so', () => {
    const breaker = createCircuitBreaker('database');
    breaker.trip();
    expect(() => breaker.admit()).toThrow(DependencyUnavailableError);
    breaker.reset();
    expect(() => breaker.admit()).not.toThrow();
  });
});

describe('telling a dependency failure from a bug', () => {
  it('knows the client libraries’ connection failures and timeouts, and nothing else', () => {
    expect(isConnectionFailure(new Error('Command timed out'), 'redis')).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'redis')).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'), 'database')).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { code: '57P01' }), 'database')).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('dup'), { code: '23505' }), 'database')).toBe(false);
    expect(isConnectionFailure(new Error('ERR wrong number of arguments'), 'redis')).toBe(false);
  });

  it('reads the tag a guard put on an error, through causes, never on a DomainError', () => {
    const err = tagDependencyFailure(new Error('Connection is closed.'), 'redis');
    expect(dependencyOf(err)).toBe('redis');
    expect(dependencyOf(new Error('wrapped', { cause: err }))).toBe('redis');
    expect(dependencyOf(new DependencyUnavailableError('database'))).toBe('database');
    expect(dependencyOf(new Error('a bug'))).toBeNull();
    expect(dependencyOf(new DomainError('SEAT_UNAVAILABLE', 'taken'))).toBeNull();
  });
});
