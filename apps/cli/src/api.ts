/** The API shapes the CLI prints, named once (they come from the router through the SDK). */
import type { RouterOutputs } from '@tix/sdk';

export type Reservation = RouterOutputs['reservation']['get'];
export type ReservationStatus = Reservation['status'];
export type Payment = RouterOutputs['payment']['pay'];
