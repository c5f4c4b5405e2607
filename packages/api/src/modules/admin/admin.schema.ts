import { z } from 'zod';
import { ZConcertId, ZQueueSettings } from '../concert/concert.schema.js';

export const ZConfigureQueueInput = ZConcertId.extend(ZQueueSettings.partial().shape).extend({
  /** True stops admission (joining still works); false resumes it. */
  paused: z.boolean().optional(),
});
export type ConfigureQueueInput = z.infer<typeof ZConfigureQueueInput>;
