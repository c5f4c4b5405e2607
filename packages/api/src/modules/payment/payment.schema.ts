import { z } from 'zod';
import { ZIdempotencyKey } from '../wallet/wallet.schema.js';

export const ZPayInput = z.object({
  reservationId: z.uuid('a reservation id (uuid)'),
  /** Required: a payment must be safe to retry. Make one per purchase (the SDK's newIdempotencyKey). */
  idempotencyKey: ZIdempotencyKey,
});
export type PayInput = z.infer<typeof ZPayInput>;

export const ZPaymentId = z.object({ paymentId: z.uuid('a payment id (uuid)') });
