import { limitPerUser } from '../../rate-limited.js';
import { authedProcedure, queuedProcedure, router } from '../../trpc.js';
import { holdSeats } from './hold.service.js';
import { ZHoldInput, ZListReservationsInput, ZReservationId } from './reservation.schema.js';
import { cancelReservation, getReservation, listReservations } from './reservation.service.js';

export const reservationRouter = router({
  hold: queuedProcedure
    .use(limitPerUser('holdPerUser'))
    .input(ZHoldInput)
    .mutation(({ ctx, input }) => holdSeats(ctx.deps, ctx.user.id, ctx.queue, input)),
  get: authedProcedure
    .input(ZReservationId)
    .query(({ ctx, input }) => getReservation(ctx.deps, ctx.user.id, input.reservationId)),
  list: authedProcedure
    .input(ZListReservationsInput)
    .query(({ ctx, input }) => listReservations(ctx.deps, ctx.user.id, input)),
  cancel: authedProcedure
    .input(ZReservationId)
    .mutation(({ ctx, input }) => cancelReservation(ctx.deps, ctx.user.id, input.reservationId)),
});
