/**
 * The load shedder (`@tix/api`'s load/load-shedder.ts) as Express middleware, the first one on /trpc: a refused
 * call costs one path split and one write. An admitted call counts as in flight until its response closes, which
 * covers a finished answer and a client that went away alike.
 */
import { createLoadShedder, type LoadGauges, type LoadLimits } from '@tix/api';
import type { RequestHandler } from 'express';

export function shedLoad(limits: LoadLimits, gauges: LoadGauges): RequestHandler {
  const shedder = createLoadShedder(limits, gauges);
  return (req, res, next) => {
    const admission = shedder.admit(req.path.slice(1));
    if (admission.refused) {
      const { status, headers, body } = admission.refused;
      res.status(status).set(headers).send(body);
      return;
    }
    res.once('close', admission.release);
    next();
  };
}
