/** Two-phase reservations through HTTP: all-or-nothing holds, post/void exactly once, expiry by the database clock. */
import { expect, it } from 'vitest';
import { expireReservations } from '../../src/modules/inventory/index.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  receive,
  stocked,
  stockOf,
  useTestApp,
} from '../support/harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeDb('reservations', () => {
  const t = useTestApp();

  it('reserves several lines at once, or none when one line is short', async () => {
    const a = await stocked(t(), 5);
    const skuB = await makeSku(t());
    await receive(t(), skuB, a.bin, 2);
    const ok = await t().post('/v1/reservations', {
      lines: [
        { sku: a.sku, location: a.bin, qty: 3 },
        { sku: skuB, location: a.bin, qty: 2 },
      ],
      reference: 'ORD-100',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'open', reference: 'ORD-100', expiresAt: null, endedAt: null });
    expect(ok.body.id).toMatch(/^res_/);
    expect(await stockOf(t(), a.sku, a.bin)).toEqual({ onHand: 5, reserved: 3, available: 2 });

    const before = await ledgerSnapshot(t().db);
    const short = await t().post('/v1/reservations', {
      lines: [
        { sku: a.sku, location: a.bin, qty: 1 },
        { sku: skuB, location: a.bin, qty: 1 },
      ],
      reference: 'ORD-101',
    });
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { sku: skuB, location: a.bin, requested: 1, available: 0 },
    });
    expect(await ledgerSnapshot(t().db)).toEqual(before);
    await t().post(`/v1/reservations/${ok.body.id}/void`);
  });

  it('sums demand for the same stock across lines before checking', async () => {
    const f = await stocked(t(), 5);
    const r = await t().post('/v1/reservations', {
      lines: [
        { sku: f.sku, location: f.bin, qty: 3 },
        { sku: f.sku.toLowerCase(), location: f.bin, qty: 3 },
      ],
      reference: 'TWICE',
    });
    expect(r.status).toBe(409);
    expect(r.body.error.details).toMatchObject({ requested: 6, available: 5 });
    const fits = await t().post('/v1/reservations', {
      lines: [
        { sku: f.sku, location: f.bin, qty: 2 },
        { sku: f.sku, location: f.bin, qty: 3 },
      ],
      reference: 'TWICE-OK',
    });
    expect(fits.status).toBe(201);
    expect(fits.body.lines).toEqual([{ sku: f.sku, location: f.bin, qty: 5, postedQty: 0 }]);
    await t().post(`/v1/reservations/${fits.body.id}/void`);
  });

  it('posts in full to the customer location, exactly once', async () => {
    const f = await stocked(t(), 8);
    const res = (
      await t().post('/v1/reservations', {
        lines: [{ sku: f.sku, location: f.bin, qty: 3 }],
        reference: 'ORD-200',
      })
    ).body;
    const posted = await t().post(`/v1/reservations/${res.id}/post`, { reference: 'SHIP-1' });
    expect(posted.status).toBe(200);
    expect(posted.body.reservation).toMatchObject({ status: 'posted', lines: [{ qty: 3, postedQty: 3 }] });
    expect(posted.body.moves).toEqual([
      expect.objectContaining({
        from: f.bin,
        to: `${f.warehouse}/@customer`,
        qty: 3,
        type: 'post',
        reason: 'shipment',
        reservationId: res.id,
        reference: 'SHIP-1',
      }),
    ]);
    expect(await stockOf(t(), f.sku, f.bin)).toEqual({ onHand: 5, reserved: 0, available: 5 });
    for (const verb of ['post', 'void']) {
      const again = await t().post(`/v1/reservations/${res.id}/${verb}`);
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'reservation_not_open', details: { status: 'posted' } });
    }
    const moves = await t().get(`/v1/stock/moves?reservationId=${res.id}`);
    expect(moves.body.items).toHaveLength(1);
  });

  it('posts part of a reservation and releases the rest; can post to a chosen location', async () => {
    const f = await stocked(t(), 10);
    const sku2 = await makeSku(t());
    await receive(t(), sku2, f.bin, 4);
    const res = (
      await t().post('/v1/reservations', {
        lines: [
          { sku: f.sku, location: f.bin, qty: 5 },
          { sku: sku2, location: f.bin, qty: 4 },
        ],
        reference: 'ORD-300',
      })
    ).body;
    const errors = [
      [{ lines: [{ sku: f.sku, location: f.bin, qty: 6 }] }, 'post_exceeds_reservation'],
      [{ lines: [{ sku: 'OTHER', location: f.bin, qty: 1 }] }, 'line_not_in_reservation'],
      [{ to: 'NOWHERE' }, 'unknown_location'],
      [{ to: f.bin }, 'same_location'],
    ] as const;
    const before = await ledgerSnapshot(t().db);
    for (const [body, code] of errors) {
      const r = await t().post(`/v1/reservations/${res.id}/post`, body);
      expect(r.body.error?.code, JSON.stringify(body)).toBe(code);
    }
    expect(await ledgerSnapshot(t().db)).toEqual(before);

    const packing = await makeBin(t(), f.warehouse);
    const posted = await t().post(`/v1/reservations/${res.id}/post`, {
      lines: [{ sku: f.sku, location: f.bin, qty: 2 }],
      to: packing,
      reason: 'transfer',
    });
    expect(posted.status).toBe(200);
    expect(posted.body.reservation.lines).toEqual([
      { sku: f.sku, location: f.bin, qty: 5, postedQty: 2 },
      { sku: sku2, location: f.bin, qty: 4, postedQty: 0 },
    ]);
    expect(await stockOf(t(), f.sku, f.bin)).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await stockOf(t(), sku2, f.bin)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(await stockOf(t(), f.sku, packing)).toMatchObject({ onHand: 2 });
  });

  it('voids and releases everything; unknown ids are 404', async () => {
    const f = await stocked(t(), 4);
    const res = (
      await t().post('/v1/reservations', {
        lines: [{ sku: f.sku, location: f.bin, qty: 4 }],
        reference: 'ORD-400',
      })
    ).body;
    const voided = await t().post(`/v1/reservations/${res.id}/void`);
    expect(voided.body).toMatchObject({ status: 'voided', endedBy: t().actorId });
    expect(await stockOf(t(), f.sku, f.bin)).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect((await t().post('/v1/reservations/res_01ARZ3NDEKTSV4RRFFQ69G5FAV/void')).status).toBe(404);
    expect((await t().get('/v1/reservations/res_01ARZ3NDEKTSV4RRFFQ69G5FAV')).body.error.code).toBe(
      'reservation_not_found',
    );
    const listed = await t().get('/v1/reservations?reference=ORD-400');
    expect(listed.body.items.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [res.id, 'voided'],
    ]);
    expect((await t().get('/v1/reservations?status=voided')).body.items.length).toBeGreaterThan(0);
  });

  it('refuses reservations at virtual locations, of archived SKUs, of unknown things', async () => {
    const f = await stocked(t(), 2);
    const cases = [
      [{ sku: f.sku, location: `${f.warehouse}/@supplier`, qty: 1 }, 'location_not_physical'],
      [{ sku: 'NOPE', location: f.bin, qty: 1 }, 'unknown_sku'],
      [{ sku: f.sku, location: 'NOPE', qty: 1 }, 'unknown_location'],
    ] as const;
    for (const [line, code] of cases) {
      const r = await t().post('/v1/reservations', { lines: [line], reference: 'X' });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe(code);
    }
    await t().post(`/v1/skus/${f.sku}/archive`);
    expect(
      (
        await t().post('/v1/reservations', {
          lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
          reference: 'X',
        })
      ).body.error.code,
    ).toBe('sku_archived');
    await t().post(`/v1/skus/${f.sku}/restore`);
    const past = await t().post('/v1/reservations', {
      lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
      reference: 'X',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('expiry_in_past');
  });

  it('expires by the database clock: an expired hold stops blocking stock and can no longer be posted', async () => {
    const f = await stocked(t(), 3);
    const expiresAt = new Date(Date.now() + 1200).toISOString();
    const res = (
      await t().post('/v1/reservations', {
        lines: [{ sku: f.sku, location: f.bin, qty: 3 }],
        reference: 'CART-1',
        expiresAt,
      })
    ).body;
    expect(res.expiresAt).toBe(expiresAt);
    const blocked = await t().post('/v1/reservations', {
      lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
      reference: 'CART-2',
    });
    expect(blocked.status).toBe(409);
    await sleep(1500);
    const post = await t().post(`/v1/reservations/${res.id}/post`);
    expect(post.status).toBe(409);
    expect(post.body.error.code).toBe('reservation_expired');
    // No sweeper ran, yet the new reservation succeeds: the expired hold is released on the way.
    const next = await t().post('/v1/reservations', {
      lines: [{ sku: f.sku, location: f.bin, qty: 2 }],
      reference: 'CART-3',
    });
    expect(next.status).toBe(201);
    expect((await t().get(`/v1/reservations/${res.id}`)).body).toMatchObject({
      status: 'expired',
      endedBy: 'system:expiry',
    });
    expect(await stockOf(t(), f.sku, f.bin)).toEqual({ onHand: 3, reserved: 2, available: 1 });
    await t().post(`/v1/reservations/${next.body.id}/void`);
  });

  it('the sweeper expires due reservations in batches', async () => {
    const f = await stocked(t(), 10);
    const soon = new Date(Date.now() + 800).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (
          await t().post('/v1/reservations', {
            lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
            reference: `C${i}`,
            expiresAt: soon,
          })
        ).body.id,
      );
    }
    const keep = (
      await t().post('/v1/reservations', {
        lines: [{ sku: f.sku, location: f.bin, qty: 1 }],
        reference: 'KEEP',
      })
    ).body.id;
    await sleep(1000);
    const lastAudit = async () =>
      (await t().db.query<{ n: number }>('SELECT coalesce(max(audit_seq), 0)::bigint AS n FROM audit_log'))
        .rows[0]!.n;
    const before = await lastAudit();
    expect(await expireReservations({ db: t().db }, 2)).toBe(5);
    expect(await expireReservations({ db: t().db })).toBe(0);
    // One audit record per batch (2 + 2 + 1), by the sweeper, naming every reservation it ended.
    const audit = await t().db.query<{
      actor_id: string;
      operation: string;
      after: { reservations: string[] };
    }>('SELECT actor_id, operation, after FROM audit_log WHERE audit_seq > $1 ORDER BY audit_seq', [before]);
    expect(audit.rows.map((r) => [r.actor_id, r.operation])).toEqual(
      Array(3).fill(['system:expiry', 'inventory.expire_reservations']),
    );
    expect(audit.rows.flatMap((r) => r.after.reservations).sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await t().get(`/v1/reservations/${id}`)).body.status).toBe('expired');
    expect(await stockOf(t(), f.sku, f.bin)).toEqual({ onHand: 10, reserved: 1, available: 9 });
    await t().post(`/v1/reservations/${keep}/void`);
  });
});
