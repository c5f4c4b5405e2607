/**
 * Where security events go: repeated failed sign-ins, lockouts, limits hit. The server passes a pino child logger
 * (its `warn(fields, message)` fits); tests pass a recorder. Fields name the account, address or user and the
 * limit, never a password or a token.
 */
export interface SecurityLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** The default when the host gives none (router tests that do not look at the log). */
export const silentSecurityLog: SecurityLog = { warn() {} };

export interface RecordedSecurityEvent {
  fields: Record<string, unknown>;
  message: string;
}

/** A SecurityLog that keeps what it is told, for tests to read back. */
export function createRecordingSecurityLog(): SecurityLog & { events: RecordedSecurityEvent[] } {
  const events: RecordedSecurityEvent[] = [];
  return {
    events,
    warn(fields, message) {
      events.push({ fields, message });
    },
  };
}
