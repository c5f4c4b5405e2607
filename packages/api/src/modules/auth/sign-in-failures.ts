/**
 * The counting and the log lines of failed sign-ins, for `signIn`. An operator sees each failure from the third in a
 * window on (per account and per address), the moment an account locks, and the first refused attempt of a
 * lockout (`rate_limit_hit`, from the limiter). Lines name the account and the address, never the password.
 */
import type { Deps } from '../../deps.js';

/** Failures in a window from which each further one is logged: one or two are typing mistakes. */
const repeatedFrom = 3;

export interface FailureCounts {
  account: number;
  address: number | null;
}

/** Counts this attempt as a failure of the account and the address; throws RATE_LIMITED when either is at its limit. */
export async function countFailure(
  deps: Deps,
  account: string,
  clientAddress: string | null,
): Promise<FailureCounts> {
  const address = clientAddress ? await deps.limits.consume('signInFailuresPerAddress', clientAddress) : null;
  return { account: await deps.limits.consume('signInFailuresPerAccount', account), address };
}

export function logFailure(
  deps: Deps,
  account: string,
  clientAddress: string | null,
  failures: FailureCounts,
): void {
  const { rateLimits } = deps.config;
  const log = deps.securityLog;
  if (failures.account >= repeatedFrom) {
    log.warn(
      { event: 'sign_in_failures_repeated', account, address: clientAddress, failures: failures.account },
      'repeated failed sign-ins for one account',
    );
  }
  if (failures.account === rateLimits.signInFailuresPerAccount.points) {
    log.warn(
      {
        event: 'account_locked',
        account,
        address: clientAddress,
        failures: failures.account,
        windowSeconds: rateLimits.signInFailuresPerAccount.durationSeconds,
      },
      'account sign-in locked after repeated failures',
    );
  }
  if (failures.address !== null && failures.address >= repeatedFrom) {
    log.warn(
      { event: 'sign_in_failures_repeated', address: clientAddress, failures: failures.address },
      'repeated failed sign-ins from one address',
    );
  }
}
