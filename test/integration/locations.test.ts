/** Locations through HTTP: the warehouse → zone → bin tree, virtual locations, archive and delete rules. */
import { expect, it } from 'vitest';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeSku,
  makeWarehouse,
  receive,
  unique,
  useTestApp,
} from '../support/harness.js';

describeDb('locations', () => {
  const t = useTestApp();

  it('creates a warehouse with its six virtual locations, and zones and bins as paths', async () => {
    const wh = unique('WH');
    const created = await t().post('/v1/locations', { code: wh, name: 'Main warehouse', kind: 'warehouse' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: wh,
      kind: 'warehouse',
      parent: null,
      warehouse: wh,
      isPhysical: true,
    });

    const virtual = await t().get(`/v1/locations?warehouse=${wh}&includeVirtual=true`);
    const kinds = virtual.body.items
      .filter((l: { isPhysical: boolean }) => !l.isPhysical)
      .map((l: { code: string; kind: string }) => [l.code, l.kind]);
    expect(kinds).toEqual(
      ['adjustment', 'customer', 'production', 'scrap', 'supplier', 'transit'].map((k) => [`${wh}/@${k}`, k]),
    );

    const zone = await t().post('/v1/locations', { code: 'A', name: 'Zone A', kind: 'zone', parent: wh });
    expect(zone.body).toMatchObject({ code: `${wh}/A`, parent: wh, kind: 'zone' });
    const bin = await t().post('/v1/locations', { code: 'A-01-02', kind: 'bin', parent: `${wh}/A` });
    expect(bin.status).toBe(201);
    expect(bin.body).toMatchObject({
      code: `${wh}/A-01-02`,
      parent: `${wh}/A`,
      warehouse: wh,
      name: 'A-01-02',
    });
    const fullPath = await t().post('/v1/locations', { code: `${wh}/DOCK`, kind: 'bin', parent: wh });
    expect(fullPath.body.code).toBe(`${wh}/DOCK`);

    const got = await t().get(`/v1/locations/${encodeURIComponent(`${wh}/A-01-02`)}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(bin.body.id);

    const listed = await t().get(`/v1/locations?warehouse=${wh}`);
    expect(listed.body.items.map((l: { code: string }) => l.code)).toEqual([
      wh,
      `${wh}/A`,
      `${wh}/A-01-02`,
      `${wh}/DOCK`,
    ]);
  });

  it('enforces the tree: zones under warehouses, bins under warehouses or zones, codes within their warehouse', async () => {
    const wh = await makeWarehouse(t());
    const other = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const before = await ledgerSnapshot(t().db);
    const cases: [unknown, number, string][] = [
      [{ code: 'Z', kind: 'zone', parent: bin }, 422, 'invalid_parent'],
      [{ code: 'B', kind: 'bin', parent: bin }, 422, 'invalid_parent'],
      [{ code: 'Z', kind: 'zone' }, 422, 'invalid_parent'],
      [{ code: 'W', kind: 'warehouse', parent: wh }, 422, 'invalid_parent'],
      [{ code: 'B', kind: 'bin', parent: 'NOWHERE' }, 422, 'unknown_location'],
      [{ code: `${other}/B`, kind: 'bin', parent: wh }, 422, 'invalid_location_code'],
      [{ code: 'has space', kind: 'bin', parent: wh }, 422, 'invalid_location_code'],
      [{ code: '@supplier', kind: 'bin', parent: wh }, 422, 'invalid_location_code'],
      [{ code: 'X/Y', kind: 'warehouse' }, 422, 'invalid_location_code'],
      [{ code: 'S', kind: 'supplier', parent: wh }, 400, 'validation_failed'],
      [{ code: bin.split('/')[1]!.toLowerCase(), kind: 'bin', parent: wh }, 409, 'location_code_taken'],
      [{ code: wh.toLowerCase(), kind: 'warehouse' }, 409, 'location_code_taken'],
    ];
    for (const [body, status, code] of cases) {
      const r = await t().post('/v1/locations', body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      expect(r.body.error.code, JSON.stringify(body)).toBe(code);
    }
    expect(await ledgerSnapshot(t().db)).toEqual(before);
  });

  it('archives only empty locations; archived ones take no stock; archiving a warehouse archives its tree', async () => {
    const sku = await makeSku(t());
    const wh = await makeWarehouse(t());
    const full = await makeBin(t(), wh);
    const empty = await makeBin(t(), wh);
    await receive(t(), sku, full, 3);

    const refused = await t().post(`/v1/locations/${encodeURIComponent(full)}/archive`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'location_not_empty',
      details: { stock: [{ location: full, sku, onHand: 3, reserved: 0 }] },
    });

    const archived = await t().post(`/v1/locations/${encodeURIComponent(empty)}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.isArchived).toBe(true);
    const receipt = await t().post('/v1/stock/receipts', { sku, location: empty, qty: 1 });
    expect(receipt.status).toBe(422);
    expect(receipt.body.error.code).toBe('location_archived');
    const transfer = await t().post('/v1/stock/transfers', { sku, from: full, to: empty, qty: 1 });
    expect(transfer.body.error.code).toBe('location_archived');
    const bin = await t().post('/v1/locations', { code: 'NEW', kind: 'bin', parent: empty });
    expect(bin.status).toBe(422);

    expect((await t().post(`/v1/locations/${wh}/archive`)).body.error.code).toBe('location_not_empty');
    await t().post('/v1/stock/adjustments', { sku, location: full, delta: -3, reason: 'damage' });
    const whArchived = await t().post(`/v1/locations/${wh}/archive`);
    expect(whArchived.status).toBe(200);
    const all = await t().get(`/v1/locations?warehouse=${wh}&includeVirtual=true&includeArchived=true`);
    expect(all.body.items.every((l: { isArchived: boolean }) => l.isArchived)).toBe(true);
    expect((await t().get(`/v1/locations?warehouse=${wh}`)).body.items).toEqual([]);
  });

  it('deletes a location only while it was never used', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const sku = await makeSku(t());
    expect((await t().call('DELETE', `/v1/locations/${wh}`)).body.error.code).toBe('location_in_use');
    await receive(t(), sku, bin, 1);
    await t().post('/v1/stock/adjustments', { sku, location: bin, delta: -1, reason: 'loss' });
    const used = await t().call('DELETE', `/v1/locations/${encodeURIComponent(bin)}`);
    expect(used.status).toBe(409);
    expect(used.body.error.code).toBe('location_in_use');

    const spare = await makeWarehouse(t());
    const deleted = await t().call('DELETE', `/v1/locations/${spare}`);
    expect(deleted.status).toBe(200);
    expect((await t().get(`/v1/locations?warehouse=${spare}&includeVirtual=true`)).body.items).toEqual([]);
    expect((await t().get(`/v1/locations/${spare}`)).status).toBe(404);
  });
});
