import { z } from 'zod';
import { ZLine } from '../../infra/input.js';
import { saleEventTypes } from './sale-events.js';

export const ZCreateWebhookInput = z.object({
  /** http(s) only; the host's addresses must be public (checked again on every delivery). */
  url: ZLine({ min: 8, max: 2000 }),
  /** The event types wanted; omitted means every type. */
  events: z.array(z.enum(saleEventTypes)).min(1).max(saleEventTypes.length).optional(),
  /** Only this concert's events; omitted means every concert (and the wallet's, which belong to none). */
  concertId: z.uuid('a concert id (uuid)').optional(),
});
export type CreateWebhookInput = z.infer<typeof ZCreateWebhookInput>;

export const ZWebhookId = z.object({ webhookId: z.uuid('a webhook id (uuid)') });

export const ZDeliveriesInput = z.object({
  webhookId: z.uuid('a webhook id (uuid)').optional(),
  status: z.enum(['PENDING', 'DELIVERED', 'DEAD']).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type DeliveriesInput = z.infer<typeof ZDeliveriesInput>;

export const ZDeliveryId = z.object({ deliveryId: z.string().regex(/^[1-9][0-9]{0,17}$/, 'a delivery id') });
