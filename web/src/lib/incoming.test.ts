// Proves that the SKU page's incoming figures sum only the SKU's units still in transit, per destination,
// whatever the case of the codes, and ignore received or other SKUs' transfers.
import { describe, expect, it } from 'vitest';
import { incomingByLocation } from './incoming';

describe('incomingByLocation', () => {
  it('sums the units still in transit to each destination for the SKU', () => {
    const transfers = [
      { sku: 'MUG-1', to: 'LYO/R-01-01', inTransitQty: 3 },
      { sku: 'mug-1', to: 'lyo/r-01-01', inTransitQty: 2 },
      { sku: 'MUG-1', to: 'PAR/A-01-01', inTransitQty: 4 },
      { sku: 'MUG-1', to: 'PAR/A-01-02', inTransitQty: 0 },
      { sku: 'CUP-9', to: 'LYO/R-01-01', inTransitQty: 7 },
    ];
    expect([...incomingByLocation(transfers, 'Mug-1')]).toEqual([
      ['LYO/R-01-01', 5],
      ['PAR/A-01-01', 4],
    ]);
  });

  it('is empty when nothing is on its way', () => {
    expect(incomingByLocation([], 'MUG-1').size).toBe(0);
  });
});
