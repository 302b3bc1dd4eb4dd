/** Bin layout through HTTP: setting and clearing where a location is on the floor plan, every way a layout can be wrong (changing nothing), and importing zones and bins with their layout from CSV (all or nothing, per-row errors, re-runs and replays that change nothing). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { mapDatabaseError } from '../../src/db/index.js';
import '../../src/modules/inventory/index.js';
import { makeKey } from '../support/access.js';
import {
  describeDb,
  ledgerSnapshot,
  makeBin,
  makeWarehouse,
  type TestApp,
  unique,
  useTestApp,
} from '../support/harness.js';

const enc = encodeURIComponent;
const CSV = { 'content-type': 'text/csv' };
const FIXTURE = readFileSync(new URL('../fixtures/bins/warehouse-layout.csv', import.meta.url), 'utf8');
const NO_LAYOUT = { aisle: null, bay: null, level: null, x: null, y: null, pickSeq: null };

/** Everything a rejected layout change or import must leave as it was. */
async function snapshot(t: TestApp) {
  const q = async (sql: string) => (await t.db.query(sql)).rows;
  return {
    ledger: await ledgerSnapshot(t.db),
    layouts: await q(
      'SELECT location_id, name, aisle, bay, level, x_cm, y_cm, pick_seq, updated_at FROM locations ORDER BY 1',
    ),
    audit: await q('SELECT count(*)::bigint AS n FROM audit_log'),
  };
}

const layoutUrl = (code: string) => `/v1/locations/${enc(code)}/layout`;

describeDb('location layout', () => {
  const t = useTestApp();
  const put = (code: string, body: unknown, headers: Record<string, string> = {}) =>
    t().call('PUT', layoutUrl(code), body, headers);

  it('sets, shows and clears a layout; fields left out keep their value; the warehouse holds its depot', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    expect((await t().get(`/v1/locations/${enc(bin)}`)).body.layout).toEqual(NO_LAYOUT);

    const set = await put(bin, { aisle: 'A', bay: 3, level: 1, x: 150, y: 1200, pickSeq: 7 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const full = { aisle: 'A', bay: 3, level: 1, x: 150, y: 1200, pickSeq: 7 };
    expect(set.body).toMatchObject({ code: bin, kind: 'bin', layout: full });
    expect((await t().get(`/v1/locations/${enc(bin)}`)).body.layout).toEqual(full);
    const listed = await t().get(`/v1/locations?warehouse=${enc(wh)}`);
    expect(listed.body.items.map((l: { code: string; layout: unknown }) => [l.code, l.layout])).toEqual([
      [wh, NO_LAYOUT],
      [bin, full],
    ]);

    const moved = await put(bin, { x: 180, y: 1250 });
    expect(moved.body.layout).toEqual({ ...full, x: 180, y: 1250 });
    const cleared = await put(bin, { aisle: null, x: null, y: null });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body.layout).toEqual({ ...NO_LAYOUT, bay: 3, level: 1, pickSeq: 7 });

    const audit = await t().db.query<{ target_id: string; before: unknown; after: unknown }>(
      `SELECT target_id, before, after FROM audit_log WHERE operation = 'inventory.update_location_layout'
        ORDER BY audit_seq DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toEqual({
      target_id: bin,
      before: { ...full, x: 180, y: 1250 },
      after: { ...NO_LAYOUT, bay: 3, level: 1, pickSeq: 7 },
    });

    const depot = await put(wh.toLowerCase(), { x: 0, y: 0 });
    expect(depot.status, JSON.stringify(depot.body)).toBe(200);
    expect(depot.body).toMatchObject({ code: wh, kind: 'warehouse', layout: { ...NO_LAYOUT, x: 0, y: 0 } });
  });

  it('refuses a broken layout, a virtual location and a location it cannot see, changing nothing', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    expect((await put(bin, { aisle: 'B', x: 10, y: 20 })).status).toBe(200);
    const elsewhere = await makeKey(t(), ['locations.read', 'locations.write'], [await makeWarehouse(t())]);
    const before = await snapshot(t());
    const cases: [string, unknown, number, string, Record<string, unknown>?][] = [
      [bin, { x: 5 }, 422, 'invalid_layout', { field: 'y' }],
      [bin, { y: 5 }, 422, 'invalid_layout', { field: 'x' }],
      [bin, { x: null }, 422, 'invalid_layout', { field: 'y' }],
      [bin, { x: -1, y: 5 }, 400, 'invalid_layout', { field: 'x' }],
      [bin, { x: 10_000_001, y: 5 }, 400, 'invalid_layout'],
      [bin, { x: 1.5, y: 5 }, 400, 'invalid_layout'],
      [bin, { bay: -1 }, 400, 'invalid_layout', { field: 'bay' }],
      [bin, { level: -3 }, 400, 'invalid_layout'],
      [bin, { pickSeq: -1 }, 400, 'invalid_layout'],
      [bin, { aisle: '' }, 400, 'invalid_layout'],
      [bin, { aisle: '   ' }, 400, 'invalid_layout'],
      [bin, { aisle: 'x'.repeat(41) }, 400, 'invalid_layout'],
      [bin, { floor: 2 }, 400, 'unknown_field'],
      [`${wh}/@supplier`, { x: 1, y: 1 }, 422, 'location_not_physical', { location: `${wh}/@supplier` }],
      [`${wh}/@customer`, { pickSeq: 1 }, 422, 'location_not_physical'],
      [`${wh}/NO-SUCH-BIN`, { x: 1, y: 1 }, 404, 'location_not_found'],
    ];
    for (const [code, body, status, errorCode, details] of cases) {
      const r = await put(code, body);
      expect(r.status, `${code} ${JSON.stringify(body)}: ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body.error.code).toBe(errorCode);
      if (details) expect(r.body.error.details).toMatchObject(details);
    }
    // Outside the key's warehouses the bin does not exist, exactly like a missing one.
    const hidden = await elsewhere.call('PUT', layoutUrl(bin), { x: 1, y: 1 });
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(404);
    expect(hidden.body.error).toMatchObject({ code: 'location_not_found', details: { location: bin } });
    expect(await snapshot(t())).toEqual(before);
    expect((await t().get(`/v1/locations/${enc(bin)}`)).body.layout).toEqual({
      ...NO_LAYOUT,
      aisle: 'B',
      x: 10,
      y: 20,
    });
  });

  it("maps the database's layout check to invalid_layout (the last line of defence)", async () => {
    const wh = await makeWarehouse(t());
    let caught: unknown;
    try {
      await t().db.query(`UPDATE locations SET x_cm = 5 WHERE lower(code) = lower($1)`, [wh]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeDefined();
    expect(mapDatabaseError(caught)).toMatchObject({ kind: 'unprocessable', code: 'invalid_layout' });
  });

  it('imports zones and bins with their layout, updates existing ones, and changes nothing on a re-run', async () => {
    const wh = await makeWarehouse(t());
    const csv = FIXTURE.replaceAll('WH1', wh);
    const r = await t().post('/v1/locations/imports', csv, CSV);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({
      mode: 'all_or_nothing',
      totalRows: 41,
      created: 41,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      committed: true,
      errors: [],
    });
    const bins = (await t().get(`/v1/locations?warehouse=${enc(wh)}&kind=bin&limit=100`)).body.items;
    expect(bins).toHaveLength(40);
    expect(bins.every((b: { parent: string }) => b.parent === `${wh}/PICK`)).toBe(true);
    expect(new Set(bins.map((b: { layout: { aisle: string } }) => b.layout.aisle))).toEqual(
      new Set(['A', 'B', 'C', 'D']),
    );
    const first = (await t().get(`/v1/locations/${enc(`${wh}/A-01-0`)}`)).body;
    expect(first).toMatchObject({
      name: 'Aisle A bay 1 level 0',
      kind: 'bin',
      layout: { aisle: 'A', bay: 1, level: 0, x: 300, y: 220, pickSeq: 10 },
    });
    // Every bin of an aisle sits on its centreline.
    for (const aisle of ['A', 'B', 'C', 'D']) {
      const xs = bins.filter((b: any) => b.layout.aisle === aisle).map((b: any) => b.layout.x);
      expect(xs).toHaveLength(10);
      expect(new Set(xs).size).toBe(1);
    }
    const zone = (await t().get(`/v1/locations/${enc(`${wh}/PICK`)}`)).body;
    expect(zone).toMatchObject({ kind: 'zone', parent: wh, name: 'Pick area', layout: NO_LAYOUT });

    const audit = await t().db.query<{ target_type: string; after: any; n: string }>(
      `SELECT target_type, after, (SELECT count(*) FROM audit_log WHERE operation = 'inventory.import_locations')::text AS n
         FROM audit_log WHERE operation = 'inventory.import_locations' ORDER BY audit_seq DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toMatchObject({
      target_type: 'location_import',
      after: { created: 41, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(audit.rows[0]!.after.codes).toHaveLength(41);

    const again = await t().post('/v1/locations/imports', csv, CSV);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 41, committed: true });

    // A bin made by hand gets its layout; a column left out keeps its field; an empty cell clears one;
    // a local code with a parent is a path in the parent's warehouse; JSON { csv } works as well.
    const byHand = await makeBin(t(), wh, 'DOCK-1');
    const update = [
      'code,parent,aisle,x,y,pick_seq,name',
      `${byHand},,DOCK,50,60,1,`,
      `${wh}/A-01-0,,A,300,225,,Moved a little`,
      `E-01-0,${wh}/PICK,E,1500,220,500,`,
    ].join('\n');
    const updated = await t().post('/v1/locations/imports', { csv: update });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ totalRows: 3, created: 1, updated: 2, unchanged: 0, errors: [] });
    expect((await t().get(`/v1/locations/${enc(byHand)}`)).body).toMatchObject({
      name: 'DOCK-1',
      layout: { aisle: 'DOCK', bay: null, level: null, x: 50, y: 60, pickSeq: 1 },
    });
    expect((await t().get(`/v1/locations/${enc(`${wh}/A-01-0`)}`)).body).toMatchObject({
      name: 'Moved a little',
      layout: { aisle: 'A', bay: 1, level: 0, x: 300, y: 225, pickSeq: null },
    });
    expect((await t().get(`/v1/locations/${enc(`${wh}/E-01-0`)}`)).body).toMatchObject({
      kind: 'bin',
      parent: `${wh}/PICK`,
      name: 'E-01-0',
      layout: { ...NO_LAYOUT, aisle: 'E', x: 1500, y: 220, pickSeq: 500 },
    });
  });

  it('reports every bad row with its row, column and code, and writes nothing', async () => {
    const wh = await makeWarehouse(t());
    const other = await makeWarehouse(t());
    expect((await t().post('/v1/locations', { code: 'Z', kind: 'zone', parent: wh })).status).toBe(201);
    const bin = await makeBin(t(), `${wh}/Z`, 'IN-Z');
    const csv = [
      'code,kind,parent,aisle,bay,level,x,y,pick_seq',
      `${wh}/OK-1,bin,,A,1,0,100,200,1`,
      `${wh}/NO-Y,bin,,A,1,0,100,,2`,
      `${wh}/NEG,bin,,A,-1,0,100,200,3`,
      `${wh}/SHELF,shelf,,A,1,0,100,200,4`,
      `${wh}/Z,bin,,,,,,,`,
      `${bin},,${wh},,,,,,`,
      `${wh}/ORPHAN,bin,${wh}/NOPE,,,,,,`,
      `${wh}/OK-1,bin,,,,,,,`,
      'LOOSE,bin,,,,,,,',
      `${wh}/FAR,bin,,,,,20000000,5,`,
      `${other}/X,bin,${wh},,,,,,`,
      `${wh}/BIN-IN-BIN,bin,${bin},,,,,,`,
      `${wh}/@supplier,bin,,,,,,,`,
    ].join('\n');
    const before = await snapshot(t());
    const r = await t().post('/v1/locations/imports', csv, CSV);
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('import_rejected');
    const report = r.body.error.details.report;
    expect(report).toMatchObject({ totalRows: 13, created: 0, updated: 0, committed: false, rejected: 12 });
    const brief = report.errors.map((e: any) => [e.row, e.column, e.code]);
    expect(brief).toEqual([
      [3, 'y', 'invalid_layout'],
      [4, 'bay', 'invalid_layout'],
      [5, 'kind', 'invalid_kind'],
      [6, 'kind', 'kind_mismatch'],
      [7, 'parent', 'parent_mismatch'],
      [8, 'parent', 'unknown_location'],
      [9, 'code', 'duplicate_in_file'],
      [10, 'code', 'invalid_location_code'],
      [11, 'x', 'invalid_layout'],
      [12, 'code', 'invalid_location_code'],
      [13, 'parent', 'invalid_parent'],
      [14, 'code', 'invalid_location_code'],
    ]);
    expect(report.errors[0]).toMatchObject({ location: `${wh}/NO-Y` });
    expect(await snapshot(t())).toEqual(before);

    // skip_invalid writes the rows that are fine and reports the others.
    const skipped = await t().post('/v1/locations/imports?mode=skip_invalid', csv, CSV);
    expect(skipped.status, JSON.stringify(skipped.body)).toBe(200);
    expect(skipped.body).toMatchObject({ created: 1, rejected: 12, committed: true });
    expect((await t().get(`/v1/locations/${enc(`${wh}/OK-1`)}`)).body.layout).toMatchObject({
      x: 100,
      y: 200,
    });
  });

  it('refuses a file it cannot read as a whole, and rows in warehouses the caller cannot see', async () => {
    const wh = await makeWarehouse(t());
    const elsewhere = await makeKey(t(), ['locations.write'], [await makeWarehouse(t())]);
    const before = await snapshot(t());
    const files: [unknown, Record<string, string>, string, string | null][] = [
      [`code,floor\n${wh}/A,1\n`, CSV, 'unknown_column', 'floor'],
      [`name,kind\nA,bin\n`, CSV, 'missing_column', 'code'],
      [`code,x\n${wh}/A,1\n`, CSV, 'missing_column', 'y'],
      ['code\n"unterminated\n', CSV, 'invalid_csv', null],
      [
        `code\n${Array.from({ length: 20_001 }, (_, i) => `${wh}/B${i}`).join('\n')}\n`,
        CSV,
        'too_many_rows',
        null,
      ],
    ];
    for (const [body, headers, code, column] of files) {
      const r = await t().post('/v1/locations/imports', body, headers);
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(422);
      expect(r.body.error.code).toBe('import_rejected');
      expect(r.body.error.details.report.errors[0]).toMatchObject({ code, column });
    }
    const notCsv = await t().post('/v1/locations/imports', { file: 'x' });
    expect(notCsv.status).toBe(422);
    expect(notCsv.body.error.code).toBe('invalid_csv');

    const hidden = await elsewhere.call('POST', '/v1/locations/imports', `code\n${wh}/HIDDEN\n`, CSV);
    expect(hidden.status, JSON.stringify(hidden.body)).toBe(422);
    expect(hidden.body.error.details.report.errors).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'parent',
        code: 'unknown_location',
        location: `${wh}/HIDDEN`,
      }),
    ]);
    expect(await snapshot(t())).toEqual(before);
  });

  it('replays a layout change and an import sent again with the same Idempotency-Key, running nothing', async () => {
    const wh = await makeWarehouse(t());
    const bin = await makeBin(t(), wh);
    const key = { 'idempotency-key': unique('layout') };
    const first = await put(bin, { aisle: 'R', x: 1, y: 2 }, key);
    expect(first.status).toBe(200);
    const mid = await snapshot(t());
    const replay = await put(bin, { aisle: 'R', x: 1, y: 2 }, key);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await snapshot(t())).toEqual(mid);
    const reused = await put(bin, { aisle: 'S' }, key);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');

    const csv = `code,aisle,x,y\n${wh}/R-1,R,10,20\n${wh}/R-2,R,10,40\n`;
    const importKey = { ...CSV, 'idempotency-key': unique('import') };
    const imported = await t().post('/v1/locations/imports', csv, importKey);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    expect(imported.body).toMatchObject({ created: 2 });
    const afterImport = await snapshot(t());
    const again = await t().post('/v1/locations/imports', csv, importKey);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // The stored answer, not a re-run (which would say unchanged: 2).
    expect(again.body).toEqual(imported.body);
    expect(await snapshot(t())).toEqual(afterImport);
  });
});
