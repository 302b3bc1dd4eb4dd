/** The catalog through HTTP: SKU lifecycle, GTIN rules, search, optimistic versions and CSV import. */
import { expect, it } from 'vitest';
import { describeDb, ledgerSnapshot, makeSku, stocked, unique, useTestApp } from '../support/harness.js';

describeDb('catalog', () => {
  const t = useTestApp();

  it('creates, gets (any case), updates and archives a SKU', async () => {
    const code = unique('Tee');
    const created = await t().post('/v1/skus', { code, name: 'Organic Tee', gtin: '4006381333931' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code,
      name: 'Organic Tee',
      gtin: '4006381333931',
      unit: 'each',
      isArchived: false,
      version: 1,
    });
    expect(created.body.id).toMatch(/^sku_[0-9A-Z]{26}$/);
    expect(created.body.createdBy).toBe(t().actorId);

    const got = await t().get(`/v1/skus/${code.toLowerCase()}`);
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(created.body.id);

    const updated = await t().call('PATCH', `/v1/skus/${code}`, {
      name: 'Organic Tee v2',
      gtin: null,
      expectedVersion: 1,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Organic Tee v2', gtin: null, version: 2 });

    const stale = await t().call('PATCH', `/v1/skus/${code}`, { name: 'Lost update', expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'version_conflict',
      details: { expectedVersion: 1, currentVersion: 2 },
    });

    const archived = await t().post(`/v1/skus/${code}/archive`);
    expect(archived.status).toBe(200);
    expect(archived.body.isArchived).toBe(true);
    const again = await t().post(`/v1/skus/${code}/archive`);
    expect(again.body.version).toBe(archived.body.version);
    const restored = await t().post(`/v1/skus/${code}/restore`);
    expect(restored.body.isArchived).toBe(false);
  });

  it('refuses duplicate codes regardless of case, and a GTIN already used in another spelling', async () => {
    const code = await makeSku(t(), { gtin: '0416000336108' });
    const before = await ledgerSnapshot(t().db);
    const dup = await t().post('/v1/skus', { code: code.toLowerCase(), name: 'Again' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('sku_code_taken');
    const gtin = await t().post('/v1/skus', {
      code: unique('OTHER'),
      name: 'Same barcode',
      gtin: '416000336108',
    });
    expect(gtin.status).toBe(409);
    expect(gtin.body.error.code).toBe('gtin_taken');
    expect(await ledgerSnapshot(t().db)).toEqual(before);
  });

  it('validates GTIN check digits and lengths', async () => {
    for (const [gtin, status, code] of [
      ['4006381333932', 422, 'invalid_gtin'],
      ['123', 400, 'invalid_gtin'],
      ['40063813339x1', 400, 'invalid_gtin'],
      ['123456789012345675', 400, 'invalid_gtin'],
    ] as const) {
      const r = await t().post('/v1/skus', { code: unique('G'), name: 'x', gtin });
      expect(r.status, gtin).toBe(status);
      expect(r.body.error.code).toBe(code);
    }
    for (const gtin of ['02345673', '036000291452', '5901234123457', '12345678901231']) {
      expect((await t().post('/v1/skus', { code: unique('G'), name: 'x', gtin })).status, gtin).toBe(201);
    }
  });

  it('searches by code prefix, name and GTIN, with cursor pagination', async () => {
    const prefix = unique('FIND').toUpperCase();
    for (let i = 0; i < 5; i++) await makeSku(t(), { code: `${prefix}-${i}`, name: `Findable mug ${i}` });
    await makeSku(t(), { code: unique('ZZ'), name: `Blue ${prefix} bottle`, gtin: '95012345678903' });
    const page1 = await t().get(`/v1/skus?query=${prefix}&limit=4`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(4);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await t().get(`/v1/skus?query=${prefix}&limit=4&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(2);
    expect(page2.body.nextCursor).toBeNull();
    const codes = [...page1.body.items, ...page2.body.items].map((s: { code: string }) => s.code);
    expect(new Set(codes).size).toBe(6);
    const byGtin = await t().get('/v1/skus?query=95012345678903');
    expect(byGtin.body.items.map((s: { name: string }) => s.name)).toEqual([`Blue ${prefix} bottle`]);
    const bad = await t().get('/v1/skus?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_cursor');
  });

  it('hides archived SKUs from lists unless asked', async () => {
    const code = await makeSku(t(), { name: 'Retired widget' });
    await t().post(`/v1/skus/${code}/archive`);
    expect((await t().get(`/v1/skus?query=${code}`)).body.items).toHaveLength(0);
    expect((await t().get(`/v1/skus?query=${code}&includeArchived=true`)).body.items).toHaveLength(1);
  });

  it('locks the base unit once the SKU has stock history', async () => {
    const fresh = await makeSku(t());
    expect((await t().call('PATCH', `/v1/skus/${fresh}`, { unit: 'g' })).body.unit).toBe('g');
    const f = await stocked(t(), 5);
    const r = await t().call('PATCH', `/v1/skus/${f.sku}`, { unit: 'kg' });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({ code: 'unit_locked', details: { unit: 'each' } });
    expect(
      (await t().call('PATCH', `/v1/skus/${f.sku}`, { unit: 'each', name: 'Same unit is fine' })).status,
    ).toBe(200);
  });

  it('answers 404 for an unknown SKU', async () => {
    const r = await t().get('/v1/skus/NOPE-404');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'sku_not_found', details: { sku: 'NOPE-404' } });
  });

  it('imports a CSV file, reports bad rows, and changes nothing when re-run', async () => {
    const p = unique('CSV').toUpperCase();
    const csv = `code,name,gtin,unit\n${p}-1,First,,each\n${p}-2,Second,4006381333931,each\n${p}-3,Third,,g\n`;
    const first = await t().call('POST', '/v1/skus/imports', csv, { 'content-type': 'text/csv' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      totalRows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      committed: true,
      errors: [],
    });
    const again = await t().call('POST', '/v1/skus/imports', csv, { 'content-type': 'text/csv' });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, committed: true });
    const changed = csv.replace('Second', 'Second, renamed');
    const third = await t().call(
      'POST',
      '/v1/skus/imports',
      changed.replace(`${p}-2,Second, renamed`, `${p}-2,"Second, renamed"`),
      {
        'content-type': 'text/csv',
      },
    );
    expect(third.body).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    expect((await t().get(`/v1/skus/${p}-2`)).body).toMatchObject({ name: 'Second, renamed', version: 2 });
  });

  it('rejects the whole file by default when a row is bad, or skips bad rows on request', async () => {
    const p = unique('MIX').toUpperCase();
    const taken = await makeSku(t(), { gtin: '1234567890128' });
    const csv = [
      'code,name,gtin',
      `${p}-1,Good one,`,
      `${p}-2,,`,
      `${p}-3,Bad barcode,1234567890129`,
      `${p}-4,Barcode of ${taken},1234567890128`,
      `${p}-5,Good two,`,
    ].join('\n');
    const before = await ledgerSnapshot(t().db);
    const strict = await t().call('POST', '/v1/skus/imports', csv, { 'content-type': 'text/csv' });
    expect(strict.status).toBe(422);
    expect(strict.body.error.code).toBe('import_rejected');
    expect(strict.body.error.details.report.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'name', code: 'missing_field' }),
      expect.objectContaining({ row: 4, column: 'gtin', code: 'invalid_gtin' }),
      expect.objectContaining({ row: 5, column: 'gtin', code: 'gtin_taken' }),
    ]);
    expect(await ledgerSnapshot(t().db)).toEqual(before);

    const lenient = await t().call('POST', '/v1/skus/imports?mode=skip_invalid', csv, {
      'content-type': 'text/csv',
    });
    expect(lenient.status).toBe(200);
    expect(lenient.body).toMatchObject({ totalRows: 5, created: 2, rejected: 3, committed: true });
    expect((await t().get(`/v1/skus/${p}-5`)).status).toBe(200);
    expect((await t().get(`/v1/skus/${p}-3`)).status).toBe(404);
  });

  it('refuses an import that is not CSV or lacks required columns', async () => {
    const r = await t().call('POST', '/v1/skus/imports', 'sku,price\nA,1\n', { 'content-type': 'text/csv' });
    expect(r.status).toBe(422);
    expect(r.body.error.details.report.errors[0]).toMatchObject({ code: 'missing_column', column: 'name' });
    const json = await t().post('/v1/skus/imports', { code: 'X' });
    expect(json.status).toBe(422);
    expect(json.body.error.code).toBe('invalid_csv');
  });
});
