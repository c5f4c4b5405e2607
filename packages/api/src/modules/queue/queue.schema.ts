import { ZConcertId } from '../concert/concert.schema.js';

export const ZJoinInput = ZConcertId;
