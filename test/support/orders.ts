import { expect } from 'vitest';
import { type TestApp, unique } from './harness.js';

/** Builders for orders tests: a channel shipping from given warehouses, and orders on it. */
export async function makeChannel(
  t: TestApp,
  warehouses: string[],
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const code = (overrides.code as string | undefined) ?? unique('CH');
  const r = await t.post('/v1/channels', {
    code,
    name: `Channel ${code}`,
    kind: 'web_shop',
    currency: 'EUR',
    warehouses: warehouses.map((warehouse, priority) => ({ warehouse, priority })),
    ...overrides,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.code as string;
}

export const SHIP_TO = {
  name: 'Ada Lovelace',
  line1: '12 rue de la Paix',
  city: 'Paris',
  postalCode: '75002',
  country: 'FR',
};

export function orderBody(
  channel: string,
  lines: { sku: string; qty: number; unitPriceMinor?: number }[],
  overrides: Record<string, unknown> = {},
) {
  return {
    channel,
    externalId: unique('EXT'),
    placedAt: '2026-11-20T10:00:00.000Z',
    currency: 'EUR',
    shipTo: SHIP_TO,
    lines: lines.map((l) => ({ unitPriceMinor: 1000, ...l })),
    ...overrides,
  };
}

export async function makeOrder(
  t: TestApp,
  channel: string,
  lines: { sku: string; qty: number }[],
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const r = await t.post('/v1/orders', orderBody(channel, lines, overrides));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}
