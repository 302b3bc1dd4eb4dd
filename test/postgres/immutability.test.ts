/** On PostgreSQL the ledger's history is append-only: UPDATE, DELETE and TRUNCATE of stock moves and of counts are refused by the database itself, whoever asks. */
import { expect, it } from 'vitest';
import { describeDb, ledgerSnapshot, stocked, useTestApp } from '../support/harness.js';

describeDb('append-only ledger on PostgreSQL', () => {
  const t = useTestApp();

  it('refuses to change, delete or truncate stock moves', async () => {
    await stocked(t(), 5);
    const db = t().db;
    const before = await ledgerSnapshot(db);
    const refused = { code: '55000', message: expect.stringMatching(/append-only/) };

    await expect(db.query('UPDATE stock_moves SET qty = qty + 1')).rejects.toMatchObject(refused);
    await expect(db.query(`UPDATE stock_moves SET note = 'edited'`)).rejects.toMatchObject(refused);
    await expect(db.query('DELETE FROM stock_moves')).rejects.toMatchObject(refused);
    // Plain TRUNCATE is already stopped by the foreign keys into stock_moves; CASCADE gets past those and
    // meets the trigger.
    await expect(db.query('TRUNCATE stock_moves')).rejects.toMatchObject({ code: expect.any(String) });
    await expect(db.query('TRUNCATE stock_moves CASCADE')).rejects.toMatchObject(refused);
    await expect(
      db.query('TRUNCATE stock_moves, stock_counts, stock_balances CASCADE'),
    ).rejects.toMatchObject(refused);

    expect(await ledgerSnapshot(db)).toEqual(before);
    const { rows } = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM stock_moves');
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses to change, delete or truncate recorded counts', async () => {
    const f = await stocked(t(), 5);
    const r = await t().post('/v1/stock/counts', {
      sku: f.sku,
      location: f.bin,
      countedQty: 4,
      expectedQty: 5,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const db = t().db;
    const before = await ledgerSnapshot(db);
    const refused = { code: '55000', message: expect.stringMatching(/append-only/) };

    await expect(db.query('UPDATE stock_counts SET counted_qty = 5')).rejects.toMatchObject(refused);
    await expect(db.query('DELETE FROM stock_counts')).rejects.toMatchObject(refused);
    await expect(db.query('TRUNCATE stock_counts')).rejects.toMatchObject(refused);
    expect(await ledgerSnapshot(db)).toEqual(before);
  });
});
