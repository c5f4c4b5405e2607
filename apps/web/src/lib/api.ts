/**
 * The waiting-room, reservation, payment and operator calls the screens make, typed from the router, with the seat
 * events reduced to plain changes. Screens import from here so each shape is handled once.
 */
import {
  decodeAvailability,
  loadSeatMap,
  type RouterInputs,
  type RouterOutputs,
  type SeatView,
} from '@tix/sdk';
import { tix } from './client';

export type Seat = SeatView;
export type SeatStatus = Seat['status'];
export type Reservation = RouterOutputs['reservation']['get'];
export type Payment = RouterOutputs['payment']['pay'];
export type Stats = RouterOutputs['admin']['stats'];
export type QueueSettingsInput = RouterInputs['admin']['configureQueue'];

export interface SeatChange {
  seatNo: number;
  status: SeatStatus;
}

export const listSeats = async (performanceId: string) => (await loadSeatMap(tix, performanceId)).seats;

/**
 * Follows one date's seats: the stream opens with a snapshot of every seat (so a reconnect never misses a change),
 * then sends each hold, payment, cancellation and expiry. Returns the unsubscribe function.
 */
export function watchSeats(
  performanceId: string,
  onChange: (changes: SeatChange[], snapshot: boolean) => void,
  onError: (err: unknown) => void,
): () => void {
  const sub = tix.concert.seatEvents.subscribe(
    { performanceId },
    {
      onData: (event) => {
        if (event.snapshot) {
          const state = decodeAvailability(event.snapshot);
          const mine = new Set(state.mine.seatNos);
          const all = Array.from({ length: state.seatsTotal }, (_, i): SeatChange => {
            const seatNo = i + 1;
            const free = ((state.bits[i >> 3] ?? 0) & (1 << (i & 7))) !== 0;
            return { seatNo, status: free ? 'AVAILABLE' : mine.has(seatNo) ? 'MINE' : 'TAKEN' };
          });
          onChange(all, true);
          return;
        }
        onChange(
          event.seats.map((s) => ({ seatNo: s.seatNo, status: s.available ? 'AVAILABLE' : 'TAKEN' })),
          false,
        );
      },
      onError,
    },
  );
  return () => sub.unsubscribe();
}

export const holdSeats = (performanceId: string, seatNos: number[]) =>
  tix.reservation.hold.mutate({ performanceId, seatNos });
export const getReservation = (reservationId: string) => tix.reservation.get.query({ reservationId });
export const cancelReservation = (reservationId: string) => tix.reservation.cancel.mutate({ reservationId });
export async function listReservations(): Promise<Reservation[]> {
  return (await tix.reservation.list.query({ limit: 50 })).items;
}
export const pay = (reservationId: string, idempotencyKey: string) =>
  tix.payment.pay.mutate({ reservationId, idempotencyKey });

export const configureQueue = (input: QueueSettingsInput) => tix.admin.configureQueue.mutate(input);
export const concertStats = (concertId: string) => tix.admin.stats.query({ concertId });

export type Webhook = RouterOutputs['admin']['webhooks'][number];
export type CreatedWebhook = RouterOutputs['admin']['createWebhook'];
export type Delivery = RouterOutputs['admin']['webhookDeliveries'][number];
export const listWebhooks = () => tix.admin.webhooks.query();
export const createWebhook = (input: RouterInputs['admin']['createWebhook']) =>
  tix.admin.createWebhook.mutate(input);
export const deleteWebhook = (webhookId: string) => tix.admin.deleteWebhook.mutate({ webhookId });
export const listDeliveries = (input: RouterInputs['admin']['webhookDeliveries']) =>
  tix.admin.webhookDeliveries.query(input);
export const replayDelivery = (deliveryId: string) => tix.admin.replayDelivery.mutate({ deliveryId });
