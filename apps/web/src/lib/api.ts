/**
 * The waiting-room, reservation, payment and operator calls the screens make, typed from the router. Screens import
 * from here so each shape is handled once.
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

/** One line of an order: a seat by its label, or a count of standing places in one area. */
export interface OrderLine {
  key: string;
  what: string;
  grade: string;
  count: number;
  price: number;
}

/**
 * A reservation's seats and standing places as lines to show. Seats carry their label ("A-12-7") where the server
 * sends one, else their number.
 */
export function orderLines(r: Reservation): OrderLine[] {
  const seats = r.seats.map((s): OrderLine => {
    const label = (s as { label?: string }).label;
    return {
      key: `seat-${s.seatNo}`,
      what: label ?? `Seat ${s.seatNo}`,
      grade: s.grade,
      count: 1,
      price: s.price,
    };
  });
  const standing = (
    (r as { standing?: { sectionId: string; name: string; count: number; price: number }[] }).standing ?? []
  ).map((a): OrderLine => ({
    key: `standing-${a.sectionId}`,
    what: `${a.name}, standing`,
    grade: a.sectionId,
    count: a.count,
    price: a.price,
  }));
  return [...seats, ...standing];
}

/** "seats A-1-1, A-1-8 and 2 standing in Field A" for sentences. */
export function describeOrder(r: Reservation): string {
  const lines = orderLines(r);
  const seats = lines.filter((l) => l.key.startsWith('seat-')).map((l) => l.what);
  const standing = lines.filter((l) => l.key.startsWith('standing-')).map((l) => `${l.count} ${l.what}`);
  const parts = [
    ...(seats.length > 0 ? [`seat${seats.length > 1 ? 's' : ''} ${seats.join(', ')}`] : []),
    ...standing,
  ];
  return parts.join(' and ');
}
