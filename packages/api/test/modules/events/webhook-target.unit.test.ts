/** The webhook SSRF guard's address table and the signature recipe (docs/api.md, "Webhooks"). */
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../../src/modules/events/event-relay.js';
import { signWebhookBody, verifyWebhookSignature } from '../../../src/modules/events/webhook-signature.js';
import { isPrivateAddress, parseWebhookUrl } from '../../../src/modules/events/webhook-target.js';

describe('webhook targets', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    'not-an-ip',
  ])('%s is private', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (a) => {
      expect(isPrivateAddress(a)).toBe(false);
    },
  );

  it('only http(s) URLs without credentials', () => {
    expect(parseWebhookUrl('https://hooks.example.com/tix').hostname).toBe('hooks.example.com');
    for (const bad of ['ftp://example.com/', 'file:///etc/passwd', 'https://user:pw@example.com/', 'nope']) {
      expect(() => parseWebhookUrl(bad)).toThrow();
    }
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = JSON.stringify({
    id: 'e1',
    type: 'payment.completed',
    createdAt: '2026-12-02T00:00:00Z',
    data: {},
  });

  it('verify with the secret, and not with a tampered body, another secret, or an old timestamp', () => {
    const header = signWebhookBody(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, body, header, 1_800_000_010)).toBe(true);
    expect(verifyWebhookSignature(secret, body.replace('e1', 'e2'), header, 1_800_000_010)).toBe(false);
    expect(verifyWebhookSignature('whsec_other', body, header, 1_800_000_010)).toBe(false);
    expect(verifyWebhookSignature(secret, body, header, 1_800_001_000)).toBe(false);
    expect(
      verifyWebhookSignature(secret, body, header.replace('t=1800000000', 't=1800000001'), 1_800_000_010),
    ).toBe(false);
    expect(verifyWebhookSignature(secret, body, 'garbage', 1_800_000_010)).toBe(false);
  });

  it('retries back off exponentially up to the cap', () => {
    const settings = { backoffBaseMs: 1000, backoffMaxMs: 60_000 };
    for (const [attempts, full] of [
      [1, 1000],
      [2, 2000],
      [5, 16_000],
      [12, 60_000],
    ] as const) {
      const wait = backoffMs(attempts, settings);
      expect(wait).toBeGreaterThanOrEqual(full / 2);
      expect(wait).toBeLessThanOrEqual(full);
    }
  });
});
