/**
 * The waiting-room, reservation, payment and operator calls the screens make, typed from the router. Screens import from here so each shape is handled once.
 */
import type { RouterInputs, RouterOutputs } from '@tix/sdk';
import { tix } from './client';

export type Reservation = RouterOutputs['reservation']['get'];
export type Payment = RouterOutputs['payment']['pay'];
export type Stats = RouterOutputs['admin']['stats'];
export type QueueSettingsInput = RouterInputs['admin']['configureQueue'];
export type HoldRequest = RouterInputs['reservation']['hold'];

/** Holds seats (by number), a count of standing places, or what the server's best-available picks: all or nothing. */
export const holdPlaces = (request: HoldRequest) => tix.reservation.hold.mutate(request);
export const getReservation = (reservationId: string) => tix.reservation.get.query({ reservationId });
export const cancelReservation = (reservationId: string) => tix.reservation.cancel.mutate({ reservationId });
export async function listReservations(): Promise<Reservation[]> {
  return (await tix.reservation.list.query({ limit: 50 })).items;
}
export const pay = (reservationId: string, idempotencyKey: string) =>
  tix.payment.pay.mutate({ reservationId, idempotencyKey });

export const configureQueue = (input: QueueSettingsInput) => tix.admin.configureQueue.mutate(input);
export const concertStats = (concertId: string) => tix.admin.stats.query({ concertId });
