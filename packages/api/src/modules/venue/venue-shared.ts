/**
 * `@tix/api/venue`: the venue contract's types and the pure code that reads them, for the SDK (and through it
 * browsers and the CLI). Nothing here imports server code.
 */
export type * from './venue.types.js';
export * from './seat-bitmap.js';
export * from './seat-index.js';
