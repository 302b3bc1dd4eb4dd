/**
 * Carrier adapters: rate tables are validated, quotes charge max(actual, volumetric) weight by band with a
 * total that is the exact sum of the parcels and never falls as weight rises, and tracking numbers are a
 * stable, unique function of the SSCC.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSscc } from '../../../kernel/sscc.js';
import {
  CarrierError,
  chargeableGrams,
  hasValidTrackingCheckDigit,
  manualCarrier,
  type ParcelSpec,
  type RateTable,
  rateTableCarrier,
} from './carriers.js';

const table: RateTable = {
  carrier: 'parcelco',
  name: 'ParcelCo',
  currency: 'EUR',
  volumetricDivisor: 5000,
  services: [
    {
      code: 'standard',
      name: 'Standard',
      bands: [
        { maxWeightGrams: 1000, priceMinor: 490 },
        { maxWeightGrams: 5000, priceMinor: 790 },
        { maxWeightGrams: 31_500, priceMinor: 1590 },
      ],
    },
    { code: 'express', name: 'Express', bands: [{ maxWeightGrams: 10_000, priceMinor: 2490 }] },
  ],
};

function carrierErrorOf(f: () => unknown): CarrierError {
  try {
    f();
  } catch (e) {
    if (e instanceof CarrierError) return e;
    throw e;
  }
  throw new Error('expected a CarrierError');
}

describe('manual carrier', () => {
  it('has one service, no quote and no tracking number', () => {
    const manual = manualCarrier();
    expect(manual.code).toBe('manual');
    expect(manual.kind).toBe('manual');
    expect(manual.services()).toEqual([{ code: 'manual', name: 'Manual' }]);
    expect(manual.quote('manual', [{ weightGrams: 500 }])).toBeNull();
    expect(manual.trackingNumber({ service: 'manual', sscc: '123456789012345675', parcelNo: 1 })).toBeNull();
  });
});

describe('rate table carrier', () => {
  const carrier = rateTableCarrier(table);

  it('quotes by band on actual weight, band bounds inclusive', () => {
    const quote = carrier.quote('standard', [
      { weightGrams: 1000 },
      { weightGrams: 1001 },
      { weightGrams: 31_500 },
    ]);
    expect(quote).toEqual({
      carrier: 'parcelco',
      service: 'standard',
      currency: 'EUR',
      priceMinor: 490 + 790 + 1590,
      parcels: [
        { chargeableGrams: 1000, priceMinor: 490 },
        { chargeableGrams: 1001, priceMinor: 790 },
        { chargeableGrams: 31_500, priceMinor: 1590 },
      ],
    });
    expect(carrier.services()).toEqual([
      { code: 'standard', name: 'Standard' },
      { code: 'express', name: 'Express' },
    ]);
    expect(carrier.name).toBe('ParcelCo');
  });

  it('charges volumetric weight when larger, rounded up to a whole gram', () => {
    // 400 × 300 × 200 mm = 24 000 cm³ → 4.8 kg at 5000 cm³/kg.
    expect(chargeableGrams({ weightGrams: 900, lengthMm: 400, widthMm: 300, heightMm: 200 }, 5000)).toBe(
      4800,
    );
    // 101 × 101 × 101 mm = 1 030 301 mm³ / 5000 = 206.06 → 207 g.
    expect(chargeableGrams({ weightGrams: 1, lengthMm: 101, widthMm: 101, heightMm: 101 }, 5000)).toBe(207);
    expect(chargeableGrams({ weightGrams: 6000, lengthMm: 400, widthMm: 300, heightMm: 200 }, 5000)).toBe(
      6000,
    );
    // Missing a dimension or a divisor: actual weight only.
    expect(chargeableGrams({ weightGrams: 900, lengthMm: 400, widthMm: 300 }, 5000)).toBe(900);
    expect(chargeableGrams({ weightGrams: 900, lengthMm: 400, widthMm: 300, heightMm: 200 })).toBe(900);
    const quote = carrier.quote('standard', [
      { weightGrams: 900, lengthMm: 400, widthMm: 300, heightMm: 200 },
    ]);
    expect(quote?.parcels).toEqual([{ chargeableGrams: 4800, priceMinor: 790 }]);
  });

  it('chargeable weight is max(actual, ceil(volume / divisor)) for any dimensions', () => {
    const dim = fc.integer({ min: 1, max: 3000 });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        dim,
        dim,
        dim,
        fc.integer({ min: 1, max: 10_000 }),
        (w, l, wd, h, d) => {
          const g = chargeableGrams({ weightGrams: w, lengthMm: l, widthMm: wd, heightMm: h }, d);
          expect(Number.isSafeInteger(g)).toBe(true);
          expect(g).toBeGreaterThanOrEqual(w);
          expect(g * d).toBeGreaterThanOrEqual(l * wd * h);
          if (g > w) expect((g - 1) * d).toBeLessThan(l * wd * h);
        },
      ),
    );
  });

  it('refuses a parcel above the last band with parcel_too_heavy and the numbers', () => {
    const e = carrierErrorOf(() =>
      carrier.quote('standard', [{ weightGrams: 500 }, { weightGrams: 31_501 }]),
    );
    expect(e.code).toBe('parcel_too_heavy');
    expect(e.kind).toBe('unprocessable');
    expect(e.details).toMatchObject({
      parcel: 2,
      chargeableGrams: 31_501,
      maxWeightGrams: 31_500,
      service: 'standard',
    });
    // Too heavy by volume alone.
    const v = carrierErrorOf(() =>
      carrier.quote('express', [{ weightGrams: 100, lengthMm: 600, widthMm: 400, heightMm: 400 }]),
    );
    expect(v.details).toMatchObject({ chargeableGrams: 19_200, maxWeightGrams: 10_000 });
  });

  it('refuses an unknown service and invalid parcels', () => {
    expect(carrierErrorOf(() => carrier.quote('overnight', [{ weightGrams: 1 }])).code).toBe(
      'unknown_service',
    );
    expect(carrierErrorOf(() => carrier.quote('standard', [])).code).toBe('invalid_parcel');
    for (const bad of [
      { weightGrams: 0 },
      { weightGrams: -5 },
      { weightGrams: 1.5 },
      { weightGrams: Number.NaN },
      { weightGrams: 10, lengthMm: 0, widthMm: 1, heightMm: 1 },
      { weightGrams: 10, heightMm: 2.5 },
    ] satisfies ParcelSpec[]) {
      expect(carrierErrorOf(() => carrier.quote('standard', [bad])).code).toBe('invalid_parcel');
    }
  });

  it('price never falls as weight rises, and the total is the sum of the parcels', () => {
    const weight = fc.integer({ min: 1, max: 31_500 });
    fc.assert(
      fc.property(weight, weight, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const pLo = carrier.quote('standard', [{ weightGrams: lo }])!.priceMinor;
        const pHi = carrier.quote('standard', [{ weightGrams: hi }])!.priceMinor;
        expect(pLo).toBeLessThanOrEqual(pHi);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(
          weight.map((w) => ({ weightGrams: w })),
          { minLength: 1, maxLength: 20 },
        ),
        (parcels) => {
          const quote = carrier.quote('standard', parcels)!;
          expect(quote.parcels).toHaveLength(parcels.length);
          expect(quote.priceMinor).toBe(quote.parcels.reduce((s, p) => s + p.priceMinor, 0));
          parcels.forEach((p, i) => {
            expect(quote.priceMinor >= quote.parcels[i]!.priceMinor).toBe(true);
            expect(carrier.quote('standard', [p])!.priceMinor).toBe(quote.parcels[i]!.priceMinor);
          });
        },
      ),
    );
  });

  it('validates the table: ascending positive bands, non-decreasing prices, known currency', () => {
    const svc = (bands: { maxWeightGrams: number; priceMinor: number }[]) => [
      { code: 's', name: 'S', bands },
    ];
    const cases: [Partial<RateTable>, string][] = [
      [{ services: [] }, 'no services'],
      [{ services: svc([]) }, 'service has no bands'],
      [
        {
          services: svc([
            { maxWeightGrams: 1000, priceMinor: 100 },
            { maxWeightGrams: 1000, priceMinor: 200 },
          ]),
        },
        'band weights must be strictly ascending',
      ],
      [
        {
          services: svc([
            { maxWeightGrams: 2000, priceMinor: 100 },
            { maxWeightGrams: 1000, priceMinor: 200 },
          ]),
        },
        'band weights must be strictly ascending',
      ],
      [
        {
          services: svc([
            { maxWeightGrams: 1000, priceMinor: 300 },
            { maxWeightGrams: 2000, priceMinor: 200 },
          ]),
        },
        'band prices must not decrease with weight',
      ],
      [
        { services: svc([{ maxWeightGrams: 0, priceMinor: 100 }]) },
        'band weights must be positive integers and prices non-negative integers',
      ],
      [
        { services: svc([{ maxWeightGrams: 1000, priceMinor: 1.5 }]) },
        'band weights must be positive integers and prices non-negative integers',
      ],
      [
        { services: svc([{ maxWeightGrams: 1000, priceMinor: -1 }]) },
        'band weights must be positive integers and prices non-negative integers',
      ],
      [
        {
          services: [
            { code: 's', name: 'S', bands: [{ maxWeightGrams: 1, priceMinor: 1 }] },
            { code: 's', name: 'S2', bands: [{ maxWeightGrams: 1, priceMinor: 1 }] },
          ],
        },
        'service codes must be non-empty and distinct',
      ],
      [{ currency: 'XYZ' }, 'unknown currency'],
      [{ volumetricDivisor: 0 }, 'volumetric divisor must be a positive integer'],
      [{ volumetricDivisor: 4999.5 }, 'volumetric divisor must be a positive integer'],
      [{ carrier: 'Parcel Co' }, 'carrier code must be lowercase letters, digits, _ or -'],
      [{ carrier: 'manual' }, 'carrier code must be lowercase letters, digits, _ or -'],
      [{ trackingPrefix: 'p1' }, 'tracking prefix must be 1 to 4 capital letters'],
    ];
    for (const [change, reason] of cases) {
      const e = carrierErrorOf(() => rateTableCarrier({ ...table, ...change }));
      expect(e.code).toBe('invalid_rate_table');
      expect(e.details.reason).toBe(reason);
    }
    // A free band is allowed.
    expect(() =>
      rateTableCarrier({ ...table, services: svc([{ maxWeightGrams: 500, priceMinor: 0 }]) }),
    ).not.toThrow();
  });
});

describe('tracking numbers', () => {
  const carrier = rateTableCarrier(table);
  const sscc = (serial: number) => buildSscc({ extensionDigit: 0, companyPrefix: '4012345', serial });

  it('are the prefix, the SSCC data digits and a Luhn digit; stable across calls', () => {
    const s = sscc(42);
    const t = carrier.trackingNumber({ service: 'standard', sscc: s, parcelNo: 1 });
    expect(t).toMatch(/^PA[0-9]{18}$/);
    expect(t?.slice(2, 19)).toBe(s.slice(0, 17));
    expect(carrier.trackingNumber({ service: 'standard', sscc: s, parcelNo: 1 })).toBe(t);
    expect(hasValidTrackingCheckDigit(t!)).toBe(true);
    expect(
      rateTableCarrier({ ...table, trackingPrefix: 'PCO' }).trackingNumber({
        service: 'express',
        sscc: s,
        parcelNo: 1,
      }),
    ).toMatch(/^PCO[0-9]{18}$/);
  });

  it('differ for different SSCCs, and any single-digit change is detected', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (a, b, pos, bump) => {
          const ta = carrier.trackingNumber({ service: 'standard', sscc: sscc(a), parcelNo: 1 })!;
          const tb = carrier.trackingNumber({ service: 'standard', sscc: sscc(b), parcelNo: 2 })!;
          expect(ta === tb).toBe(a === b);
          const i = 2 + (pos % 18);
          const changed = ta.slice(0, i) + String((Number(ta[i]) + bump) % 10) + ta.slice(i + 1);
          expect(hasValidTrackingCheckDigit(changed)).toBe(false);
        },
      ),
    );
  });

  it('refuse an invalid SSCC or an unknown service', () => {
    expect(
      carrierErrorOf(() =>
        carrier.trackingNumber({ service: 'standard', sscc: '123456789012345670', parcelNo: 1 }),
      ).code,
    ).toBe('invalid_sscc');
    expect(
      carrierErrorOf(() => carrier.trackingNumber({ service: 'nope', sscc: sscc(1), parcelNo: 1 })).code,
    ).toBe('unknown_service');
  });
});
