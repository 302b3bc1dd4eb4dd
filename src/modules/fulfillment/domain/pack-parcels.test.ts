/** Parcel contents listed by a packer must add up to the shipment exactly: unknown SKUs, too many, too few refused. */
import { describe, expect, it } from 'vitest';
import { checkParcelContents } from './pack-parcels.js';

const required = [
  { sku: 'A', qty: 2 },
  { sku: 'B', qty: 1 },
];

describe('checkParcelContents', () => {
  it('accepts an exact split, merging lines and spelling SKUs as the shipment does', () => {
    const r = checkParcelContents(required, [
      {
        parcelNo: 1,
        items: [
          { sku: 'a', qty: 1 },
          { sku: 'A', qty: 1 },
        ],
      },
      { parcelNo: 2, items: [{ sku: 'b', qty: 1 }] },
    ]);
    expect(r).toEqual({
      ok: true,
      parcels: [
        { parcelNo: 1, items: [{ sku: 'A', qty: 2 }] },
        { parcelNo: 2, items: [{ sku: 'B', qty: 1 }] },
      ],
    });
  });
  it('refuses unknown SKUs, too many and too few', () => {
    expect(checkParcelContents(required, [{ parcelNo: 1, items: [{ sku: 'C', qty: 1 }] }])).toMatchObject({
      code: 'item_not_in_shipment',
      sku: 'C',
    });
    expect(
      checkParcelContents(required, [
        {
          parcelNo: 1,
          items: [
            { sku: 'A', qty: 3 },
            { sku: 'B', qty: 1 },
          ],
        },
      ]),
    ).toMatchObject({ code: 'over_scan', sku: 'A', required: 2, packed: 3 });
    expect(checkParcelContents(required, [{ parcelNo: 1, items: [{ sku: 'A', qty: 2 }] }])).toEqual({
      ok: false,
      code: 'packing_incomplete',
      missing: [{ sku: 'B', required: 1, scanned: 0 }],
    });
  });
});
