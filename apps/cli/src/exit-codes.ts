/**
 * The CLI's exit codes, one per kind of outcome a script branches on (apps/cli/README.md, "Exit codes").
 */
/** Documented in the README; never change a number once released, scripts depend on them. */
export const ExitCode = {
  OK: 0,
  /** Anything not covered below (a server fault, say). */
  FAILURE: 1,
  /** Bad flags or arguments, or input the server rejected as invalid. */
  BAD_INPUT: 2,
  /** Not signed in, session expired, wrong password, or not allowed. */
  AUTH: 3,
  /** The concert, date, seat or reservation does not exist. */
  NOT_FOUND: 4,
  /** No answer from the server (not running, wrong --server, network down). */
  UNREACHABLE: 5,
  /** Sold out, or a chosen seat is already taken. */
  SOLD_OUT: 10,
  /** Not admitted from the waiting room (still waiting, gave up waiting, token expired, sale paused or not open). */
  NOT_ADMITTED: 11,
  /** The wallet balance does not cover the payment, or a charge would pass the balance limit. */
  INSUFFICIENT_BALANCE: 12,
  /** The hold ran out or the reservation can no longer be paid or cancelled as asked. */
  HOLD_EXPIRED: 13,
  /** Stopped with Ctrl-C. */
  INTERRUPTED: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
