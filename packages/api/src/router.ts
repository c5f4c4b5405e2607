import { adminRouter } from './modules/admin/admin.router.js';
import { authRouter } from './modules/auth/auth.router.js';
import { concertRouter } from './modules/concert/concert.router.js';
import { paymentRouter } from './modules/payment/payment.router.js';
import { queueRouter } from './modules/queue/queue.router.js';
import { reservationRouter } from './modules/reservation/reservation.router.js';
import { walletRouter } from './modules/wallet/wallet.router.js';
import { createCallerFactory, router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  concert: concertRouter,
  queue: queueRouter,
  reservation: reservationRouter,
  wallet: walletRouter,
  payment: paymentRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
