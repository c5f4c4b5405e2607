import { authedProcedure, publicProcedure, queuedProcedure, router } from '../../trpc.js';
import { holdSeats } from './hold.service.js';
import { ZHoldInput, ZListReservationsInput, ZReservationId } from './reservation.schema.js';
import { cancelReservation, getReservation, listReservations } from './reservation.service.js';
import { publishedTicketKey } from './ticket-signing.js';
import { getTicket } from './ticket.service.js';

export const reservationRouter = router({
  /** Its limit (`holdPerUser`) is spent inside, after the seat snapshot's refusal (hold.service.ts). */
  hold: queuedProcedure
    .input(ZHoldInput)
    .mutation(({ ctx, input }) => holdSeats(ctx.deps, ctx.user.id, ctx.queue, input)),
  get: authedProcedure
    .input(ZReservationId)
    .query(({ ctx, input }) => getReservation(ctx.deps, ctx.user.id, input.reservationId)),
  /** The ticket page: owner only; the signed door code only once PAID. */
  ticket: authedProcedure
    .input(ZReservationId)
    .query(({ ctx, input }) => getTicket(ctx.deps, ctx.user.id, input.reservationId)),
  /** The organiser's public key, for scanners that check ticket codes offline. */
  ticketKey: publicProcedure.query(({ ctx }) => publishedTicketKey(ctx.deps.config.sessionSecret)),
  list: authedProcedure
    .input(ZListReservationsInput)
    .query(({ ctx, input }) => listReservations(ctx.deps, ctx.user.id, input)),
  cancel: authedProcedure
    .input(ZReservationId)
    .mutation(({ ctx, input }) => cancelReservation(ctx.deps, ctx.user.id, input.reservationId)),
});
