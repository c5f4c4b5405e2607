/**
 * The circuit breaker and the failure classifier on their own (README, "Timeouts and failures"); against real
 * broken Redis and PostgreSQL see apps/server/test/redis-faults.e2e.test.ts and postgres-faults.e2e.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, databaseGuard } from '../../src/infra/circuit-breaker.js';
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

describe('the database guard and the liveness probe', () => {
  it('refuses everything while PostgreSQL is silent, half-open or not, and closes on the probe’s answer', () => {
    let now = 0;
    const breaker = createCircuitBreaker('database', { failuresToOpen: 3, openMs: 1000 }, () => now);
    const guard = databaseGuard(breaker);
    guard.silent();
    expect(breaker.state()).toBe('open');
    expect(() => guard.admit()).toThrow(DependencyUnavailableError);
    now = 5000; // the breaker alone would let a call through now, only for it to wait on the silence
    expect(breaker.state()).toBe('half-open');
    expect(() => guard.admit()).toThrow(DependencyUnavailableError);
    guard.answered();
    expect(breaker.state()).toBe('closed');
    expect(() => guard.admit()).not.toThrow();
  });

  it('does not count the calls it released, and a busy database’s own errors are not silence', () => {
    const breaker = createCircuitBreaker('database', { failuresToOpen: 3, openMs: 1000 });
    const guard = databaseGuard(breaker);
    for (let i = 0; i < 5; i++) guard.settled(guard.unavailable());
    expect(breaker.state()).toBe('closed');
    // A unique violation is PostgreSQL answering: it closes nothing and opens nothing.
    guard.settled(Object.assign(new Error('dup'), { code: '23505' }));
    expect(breaker.state()).toBe('closed');
    expect(dependencyOf(guard.unavailable())).toBe('database');
  });
});

describe('telling a dependency failure from a bug', () => {
  it('knows the client libraries’ connection failures and timeouts, and nothing else', () => {
    expect(isConnectionFailure(new Error('Command timed out'), 'redis')).toBe(true);
    expect(isConnectionFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'redis')).toBe(true);
    expect(isConnectionFailure(new Error('timeout exceeded when trying to connect'), 'database')).toBe(true);
    expect(isConnectionFailure(new Error('timeout expired'), 'database')).toBe(true);
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
