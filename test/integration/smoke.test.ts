/** Proves the harness: a fresh database per file, the app in process, the ledger check after each test. */
import { expect, it } from 'vitest';
import { describeDb, stocked, stockOf, useTestApp } from '../support/harness.js';

describeDb('harness', () => {
  const t = useTestApp();
  it('receives stock and reads it back', async () => {
    const f = await stocked(t(), 7);
    expect(await stockOf(t(), f.sku, f.bin)).toEqual({ onHand: 7, reserved: 0, available: 7 });
  });
});
