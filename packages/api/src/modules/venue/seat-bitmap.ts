/**
 * The availability bitmap of `concert.seats`: bit (seatNo-1) is 1 when the seat is AVAILABLE; byte k holds seats
 * 8k+1..8k+8, least significant bit first; sent as base64. Pure (atob/btoa exist in browsers and Node), so the SDK
 * re-exports it.
 */

/** An all-zero bitmap for seats 1..seatsTotal. */
export function emptyBitmap(seatsTotal: number): Uint8Array {
  return new Uint8Array(Math.ceil(seatsTotal / 8));
}

export function bitIsSet(bits: Uint8Array, seatNo: number): boolean {
  const i = seatNo - 1;
  return i >= 0 && ((bits[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
}

export function setBit(bits: Uint8Array, seatNo: number, on: boolean): void {
  const i = seatNo - 1;
  const byte = i >> 3;
  if (i < 0 || byte >= bits.length) return;
  bits[byte] = on ? bits[byte]! | (1 << (i & 7)) : bits[byte]! & ~(1 << (i & 7));
}

export function bitmapToBase64(bits: Uint8Array): string {
  let text = '';
  // Chunks keep String.fromCharCode's argument list short for a 50,000-seat map.
  for (let i = 0; i < bits.length; i += 8192) text += String.fromCharCode(...bits.subarray(i, i + 8192));
  return btoa(text);
}

export function bitmapFromBase64(base64: string, seatsTotal: number): Uint8Array {
  const text = atob(base64);
  const bits = emptyBitmap(seatsTotal);
  for (let i = 0; i < bits.length && i < text.length; i++) bits[i] = text.charCodeAt(i);
  return bits;
}

/** How many of seats first..last (inclusive) are set. */
export function countSet(bits: Uint8Array, first: number, last: number): number {
  let n = 0;
  for (let seatNo = first; seatNo <= last; seatNo++) if (bitIsSet(bits, seatNo)) n++;
  return n;
}
