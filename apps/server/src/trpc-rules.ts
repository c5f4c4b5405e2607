/**
 * The rules a /trpc call meets after the headers and the timer and before tRPC, written once as one plain function
 * on node's request and response: app.ts mounts it as Express middleware for the calls tRPC's adapter answers, and
 * the front door (front-door.ts) runs it for the calls it answers on the lean path. In order:
 * 1. presence: a poll keeps its place from the moment it arrives, even if this process then sheds it or answers
 *    it late (docs/domain.md, "Waiting room", "Presence"); noted here, written with the next presence batch;
 * 2. load shedding: past its load limits the process refuses new calls at once (load-shedding.ts);
 * 3. the envelope: wrong methods and oversized batches are refused before anything is read (http-envelope.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { notePresent, refuseEnvelope, type Deps, type EnvelopeRefusal, type LoadGauges } from '@tix/api';
import { writeAnswer } from './answer-head.js';
import { createCallShedder } from './load-shedding.js';

/** Runs the rules for the call at `procedurePath` (after `/trpc/`); true when one of them has answered it. */
export type TrpcRules = (
  procedurePath: string,
  batch: unknown,
  req: IncomingMessage,
  res: ServerResponse,
) => boolean;

/** `gauges`: what the shedder reads besides its own counts (the database wait, when the host measures it). */
export function createTrpcRules(deps: Deps, gauges: LoadGauges = {}): TrpcRules {
  const shed = createCallShedder(deps.config.loadLimits, gauges);
  return (procedurePath, batch, req, res) => {
    const token = req.headers['x-queue-token'];
    if (typeof token === 'string' && procedurePath.includes('queue.')) notePresent(deps, token);
    const refused =
      shed(procedurePath, res) ?? refuseEnvelope({ method: req.method ?? '', procedurePath, batch });
    if (!refused) return false;
    writeRefusal(refused, res);
    return true;
  };
}

function writeRefusal({ status, headers, body }: EnvelopeRefusal, res: ServerResponse): void {
  writeAnswer(res, status, { ...headers, 'content-type': 'application/json; charset=utf-8' }, body);
}
