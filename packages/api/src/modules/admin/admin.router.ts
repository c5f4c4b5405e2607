import { adminProcedure, router } from '../../trpc.js';
import { ZConcertId, ZCreateConcertInput } from '../concert/concert.schema.js';
import { ZCreateWebhookInput, ZDeliveriesInput, ZDeliveryId, ZWebhookId } from '../events/webhooks.schema.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  replayDelivery,
  webhookDeliveries,
} from '../events/webhooks.service.js';
import { ZConfigureQueueInput, ZSaleTimelineInput, ZUpdateConcertInput } from './admin.schema.js';
import { cancelConcert } from './cancel-concert.js';
import { configureQueue } from './configure-queue.js';
import { createConcert } from './create-concert.js';
import { queueStats } from './queue-stats.js';
import { saleTimeline } from './sale-timeline.js';
import { updateConcert } from './update-concert.js';
import { listLayoutTemplates } from '../venue/venue-templates.js';

/** The operator's procedures; their use cases live beside this file. */
export const adminRouter = router({
  createConcert: adminProcedure
    .input(ZCreateConcertInput)
    .mutation(({ ctx, input }) => createConcert(ctx.deps, input)),
  updateConcert: adminProcedure
    .input(ZUpdateConcertInput)
    .mutation(({ ctx, input }) => updateConcert(ctx.deps, input)),
  cancelConcert: adminProcedure
    .input(ZConcertId)
    .mutation(({ ctx, input }) => cancelConcert(ctx.deps, input.concertId)),
  configureQueue: adminProcedure
    .input(ZConfigureQueueInput)
    .mutation(({ ctx, input }) => configureQueue(ctx.deps, input)),
  /** The venues an operator can start from, with their sections, grades, default prices and place counts. */
  layoutTemplates: adminProcedure.query(() => listLayoutTemplates()),
  stats: adminProcedure.input(ZConcertId).query(({ ctx, input }) => queueStats(ctx.deps, input.concertId)),
  saleTimeline: adminProcedure
    .input(ZSaleTimelineInput)
    .query(({ ctx, input }) => saleTimeline(ctx.deps, input)),
  // Webhooks for organisers (docs/api.md, "Webhooks"); the use cases live in modules/events.
  createWebhook: adminProcedure
    .input(ZCreateWebhookInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.deps, input)),
  webhooks: adminProcedure.query(({ ctx }) => listWebhooks(ctx.deps)),
  deleteWebhook: adminProcedure
    .input(ZWebhookId)
    .mutation(({ ctx, input }) => deleteWebhook(ctx.deps, input.webhookId)),
  webhookDeliveries: adminProcedure
    .input(ZDeliveriesInput)
    .query(({ ctx, input }) => webhookDeliveries(ctx.deps, input)),
  replayDelivery: adminProcedure
    .input(ZDeliveryId)
    .mutation(({ ctx, input }) => replayDelivery(ctx.deps, input.deliveryId)),
});
