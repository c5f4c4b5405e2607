/**
 * `/metrics` for Prometheus, behind a bearer token (METRICS_TOKEN). Without a configured token the endpoint does not
 * exist (404), so a deployment that forgot it exposes nothing; a missing or wrong token also gets 404, which tells a
 * scanner nothing about whether it is there.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { metricsRegistry } from '@tix/api';
import type { RequestHandler } from 'express';

/** Compares digests, so neither the token's length nor its first wrong character shows in the timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export function metricsEndpoint(token: string | undefined): RequestHandler {
  return async (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!token || !match?.[1] || !sameSecret(match[1], token)) return next();
    res
      .type(metricsRegistry.contentType)
      .set('Cache-Control', 'no-store')
      .send(await metricsRegistry.metrics());
  };
}
