/** Under a mixed load from 32 clients through four server processes, every answer is one the business allows, the ledger stays sound, and stock is conserved exactly as the clients' own replies account for it. */
import { expect, it } from 'vitest';
import { checkLedger } from '../../src/modules/inventory/index.js';
import { describeDb, type FreshDatabase, freshDatabase } from '../support/harness.js';
import {
  type CallResult,
  call,
  runClients,
  type ServerProcess,
  seededRandom,
  startServers,
  testSeed,
} from '../support/servers.js';

const CLIENTS = 32;
const PROCESSES = 4;
const LOAD_MS = 8_000;
const SKUS = ['MIX-1', 'MIX-2', 'MIX-3'];
const WAREHOUSES = ['MXA', 'MXB'];
const INITIAL_QTY = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Op =
  | 'receipt'
  | 'transfer'
  | 'transit'
  | 'receive_transit'
  | 'reserve'
  | 'post'
  | 'void'
  | 'post_void_race'
  | 'count'
  | 'damage';

/** Cumulative weights: stock is kept scarce so that holds, transfers and counts contend and get refused. */
const MIX: [Op, number][] = [
  ['receipt', 6],
  ['transfer', 20],
  ['transit', 27],
  ['receive_transit', 34],
  ['reserve', 56],
  ['post', 66],
  ['void', 74],
  ['post_void_race', 80],
  ['count', 92],
  ['damage', 100],
];

/**
 * What each kind of call may answer under contention; anything else (a 5xx above all) fails the test. A
 * hold with an expiry may also have lapsed, or been ended by a sweeper in any of the processes.
 */
const ALLOWED: Record<string, readonly string[]> = {
  receipt: ['201'],
  transfer: ['201', '409 insufficient_stock'],
  transit: ['201', '409 insufficient_stock'],
  receive_transit: ['200'],
  'receive_transit race': ['200', '409 transfer_not_open'],
  reserve: ['201', '409 insufficient_stock'],
  'reserve expiring': ['201', '409 insufficient_stock', '422 expiry_in_past'],
  post: ['200'],
  void: ['200'],
  post_void_race: ['200', '409 reservation_not_open'],
  'post expiring': ['200', '409 reservation_expired', '409 reservation_not_open'],
  'void expiring': ['200', '409 reservation_not_open'],
  'post_void_race expiring': ['200', '409 reservation_expired', '409 reservation_not_open'],
  count: ['201', '409 expected_quantity_mismatch', '409 count_below_reserved'],
  damage: ['201', '409 insufficient_stock'],
};

/** The answer that means the operation took effect. */
const SUCCESS: Record<Op, string> = {
  receipt: '201',
  transfer: '201',
  transit: '201',
  receive_transit: '200',
  reserve: '201',
  post: '200',
  void: '200',
  post_void_race: '200',
  count: '201',
  damage: '201',
};

interface Line {
  sku: string;
  location: string;
  qty: number;
}

interface Hold {
  id: string;
  lines: Line[];
  expiresAt: number | null;
}

const outcome = (r: CallResult) =>
  r.status >= 400 && r.status < 500 ? `${r.status} ${r.body?.error?.code}` : `${r.status}`;

describeDb('mixed load across server processes', () => {
  it('keeps the ledger sound and conserves stock under receipts, transfers, holds, posts, voids and counts', async () => {
    const seed = testSeed();
    const at = `(seed ${seed}; rerun with COULISSE_TEST_SEED=${seed})`;
    const fresh: FreshDatabase = await freshDatabase({ poolSize: 3 });
    let servers: ServerProcess[] = [];
    try {
      servers = await startServers(PROCESSES, { databaseUrl: fresh.url! });
      const admin = servers[0]!.baseUrl;

      // What the clients' replies say happened, per SKU.
      const received = new Map(SKUS.map((s) => [s, 0]));
      const shipped = new Map(SKUS.map((s) => [s, 0]));
      const adjustedOut = new Map(SKUS.map((s) => [s, 0]));
      const add = (m: Map<string, number>, sku: string, qty: number) => m.set(sku, m.get(sku)! + qty);

      const bins: string[] = [];
      for (const sku of SKUS) {
        expect((await call(admin, 'POST', '/v1/skus', { code: sku, name: sku })).status).toBe(201);
      }
      for (const wh of WAREHOUSES) {
        const r = await call(admin, 'POST', '/v1/locations', { code: wh, kind: 'warehouse' });
        expect(r.status).toBe(201);
        for (const b of ['B1', 'B2']) {
          const bin = await call(admin, 'POST', '/v1/locations', { code: b, kind: 'bin', parent: wh });
          expect(bin.status).toBe(201);
          bins.push(bin.body.code);
        }
      }
      for (const sku of SKUS) {
        for (const bin of bins) {
          const r = await call(admin, 'POST', '/v1/stock/receipts', { sku, location: bin, qty: INITIAL_QTY });
          expect(r.status).toBe(201);
          add(received, sku, INITIAL_QTY);
        }
      }
      const warehouseOf = (bin: string) => bin.split('/')[0]!;

      const open: Hold[] = [];
      const expiring: Hold[] = [];
      const inTransit: { id: string; sku: string; qty: number }[] = [];
      const tallies: Record<string, Record<string, number>> = {};
      const unexpected: { kind: string; status: number; body: unknown }[] = [];
      const record = (kind: string, r: CallResult): boolean => {
        const key = outcome(r);
        tallies[kind] ??= {};
        tallies[kind][key] = (tallies[kind][key] ?? 0) + 1;
        const allowed = ALLOWED[kind]!.includes(key);
        if (!allowed) unexpected.push({ kind, status: r.status, body: r.body });
        return allowed;
      };

      // One generator per client: a client's choices depend on the seed only, not on the interleaving.
      const rngs = Array.from({ length: CLIENTS }, (_, client) => seededRandom(seed + client));
      await runClients(
        CLIENTS,
        async (client) => {
          const rng = rngs[client]!;
          const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
          const server = () => pick(servers).baseUrl;
          const roll = rng.int(1, 100);
          const op = MIX.find(([, upTo]) => roll <= upTo)![0];
          const sku = pick(SKUS);
          const bin = pick(bins);
          switch (op) {
            case 'receipt': {
              const qty = rng.int(1, 10);
              const r = await call(server(), 'POST', '/v1/stock/receipts', { sku, location: bin, qty });
              if (record(op, r)) {
                expect(r.body.moves).toMatchObject([{ sku, to: bin, qty, type: 'receipt' }]);
                add(received, sku, qty);
              }
              return;
            }
            case 'transfer': {
              const to = bins.find((b) => b !== bin && warehouseOf(b) === warehouseOf(bin))!;
              const qty = rng.int(1, 6);
              const r = await call(server(), 'POST', '/v1/stock/transfers', { sku, from: bin, to, qty });
              if (record(op, r) && r.status === 201) {
                expect(r.body.moves).toMatchObject([{ sku, from: bin, to, qty }]);
              }
              return;
            }
            case 'transit': {
              const to = pick(bins.filter((b) => warehouseOf(b) !== warehouseOf(bin)));
              const qty = rng.int(1, 5);
              const body = { sku, from: bin, to, qty, via: 'transit' };
              const r = await call(server(), 'POST', '/v1/stock/transfers', body);
              if (record(op, r) && r.status === 201) {
                expect(r.body.transfer).toMatchObject({ status: 'in_transit', qty, inTransitQty: qty });
                inTransit.push({ id: r.body.transfer.id, sku, qty });
              }
              return;
            }
            case 'receive_transit': {
              const transfer = inTransit.splice(rng.int(0, inTransit.length - 1), 1)[0];
              if (!transfer) return;
              const path = `/v1/stock/transfers/${transfer.id}/receive`;
              if (rng.next() < 0.7) {
                const r = await call(server(), 'POST', path, {});
                if (record(op, r)) {
                  expect(r.body.transfer).toMatchObject({ status: 'received', receivedQty: transfer.qty });
                }
                return;
              }
              // Two processes receive the same arrival at once: it is received once.
              const both = await Promise.all([
                call(server(), 'POST', path, {}),
                call(server(), 'POST', path, {}),
              ]);
              for (const r of both) record('receive_transit race', r);
              expect(both.map((r) => r.status).sort(), `double receipt of ${transfer.id} ${at}`).toEqual([
                200, 409,
              ]);
              return;
            }
            case 'reserve': {
              const lines: Line[] = [{ sku, location: bin, qty: rng.int(1, 4) }];
              if (rng.next() < 0.4) lines.push({ sku: pick(SKUS), location: pick(bins), qty: rng.int(1, 3) });
              // Some holds lapse by themselves, so the four processes' sweepers race the posts and voids.
              const expiresAt = rng.next() < 0.3 ? Date.now() + rng.int(800, 2500) : null;
              const r = await call(server(), 'POST', '/v1/reservations', {
                lines,
                reference: `mix-${client}`,
                ...(expiresAt === null ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
              });
              if (record(expiresAt === null ? op : 'reserve expiring', r) && r.status === 201) {
                expect(r.body.status).toBe('open');
                const hold = { id: r.body.id, lines: r.body.lines, expiresAt };
                open.push(hold);
                if (expiresAt !== null) expiring.push(hold);
              }
              return;
            }
            case 'post':
            case 'void':
            case 'post_void_race': {
              const hold = open.splice(rng.int(0, open.length - 1), 1)[0];
              if (!hold) return;
              const kind = hold.expiresAt === null ? op : `${op} expiring`;
              const ship = () => {
                for (const l of hold.lines) add(shipped, l.sku, l.qty);
              };
              if (op === 'void') {
                const r = await call(server(), 'POST', `/v1/reservations/${hold.id}/void`);
                if (record(kind, r) && r.status === 200) expect(r.body.status).toBe('voided');
                return;
              }
              if (op === 'post') {
                const r = await call(server(), 'POST', `/v1/reservations/${hold.id}/post`);
                if (record(kind, r) && r.status === 200) {
                  expect(r.body.reservation.status).toBe('posted');
                  ship();
                }
                return;
              }
              // Post and void the same hold at once through two processes: at most one of them ends it.
              const [posted, voided] = await Promise.all([
                call(server(), 'POST', `/v1/reservations/${hold.id}/post`, {}),
                call(server(), 'POST', `/v1/reservations/${hold.id}/void`),
              ]);
              record(kind, posted);
              record(kind, voided);
              const wins = [posted, voided].filter((r) => r.status === 200).length;
              if (hold.expiresAt === null) expect(wins, `post/void race on ${hold.id} ${at}`).toBe(1);
              else expect(wins, `post/void race on ${hold.id} ${at}`).toBeLessThanOrEqual(1);
              if (posted.status === 200) ship();
              return;
            }
            case 'count': {
              const read = await call(
                server(),
                'GET',
                `/v1/stock?sku=${sku}&location=${encodeURIComponent(bin)}&includeZero=true`,
              );
              expect(read.status).toBe(200);
              const seen = read.body.items.find((i: { location: string }) => i.location === bin) ?? {
                onHand: 0,
                reserved: 0,
              };
              const countedQty = Math.max(0, seen.onHand + rng.int(-3, 3));
              const r = await call(server(), 'POST', '/v1/stock/counts', {
                sku,
                location: bin,
                countedQty,
                expectedQty: seen.onHand,
              });
              if (record(op, r) && r.status === 201) {
                expect(r.body.count).toMatchObject({
                  previousQty: seen.onHand,
                  countedQty,
                  delta: countedQty - seen.onHand,
                });
                add(adjustedOut, sku, -r.body.count.delta);
              } else if (r.status === 409 && r.body.error.code === 'expected_quantity_mismatch') {
                expect(r.body.error.details.currentQty).not.toBe(seen.onHand);
              }
              return;
            }
            case 'damage': {
              const delta = -rng.int(1, 2);
              const r = await call(server(), 'POST', '/v1/stock/adjustments', {
                sku,
                location: bin,
                delta,
                reason: 'damage',
              });
              if (record(op, r) && r.status === 201) add(adjustedOut, sku, -delta);
              return;
            }
          }
        },
        { durationMs: LOAD_MS },
      );

      expect(unexpected, `unexpected answers ${at}`).toEqual([]);
      console.info(`mixed load ${at}: ${JSON.stringify(tallies)}`);
      for (const op of Object.keys(SUCCESS) as Op[]) {
        expect(tallies[op]?.[SUCCESS[op]] ?? 0, `successful ${op} calls ${at}`).toBeGreaterThan(0);
      }
      expect(expiring.length, `holds with an expiry ${at}`).toBeGreaterThan(0);

      // What is still on the road arrives, so that every unit is in a physical or an outside location.
      for (const t of inTransit) {
        const r = await call(admin, 'POST', `/v1/stock/transfers/${t.id}/receive`, {});
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
      // The sweepers end every lapsed hold that nobody ended (they run every second in each process).
      const lastExpiry = Math.max(...expiring.map((h) => h.expiresAt!));
      let stillOpen = Number.POSITIVE_INFINITY;
      while (Date.now() < lastExpiry + 10_000) {
        const { rows } = await fresh.db.query<{ n: number }>(
          `SELECT count(*)::bigint AS n FROM reservations WHERE status = 'open' AND expires_at IS NOT NULL`,
        );
        stillOpen = rows[0]!.n;
        if (stillOpen === 0) break;
        await sleep(250);
      }
      expect(stillOpen, `holds left open after their expiry ${at}`).toBe(0);
      const lapsed = open.filter((h) => h.expiresAt !== null).map((h) => h.id);
      const statuses = await fresh.db.query<{ status: string }>(
        'SELECT DISTINCT status FROM reservations WHERE reservation_id = ANY($1::text[])',
        [lapsed],
      );
      expect(statuses.rows.map((r) => r.status)).toEqual(lapsed.length > 0 ? ['expired'] : []);

      const report = await checkLedger(fresh.db, { expiryGraceSeconds: 0 });
      expect(report.problems, `ledger ${at}`).toEqual([]);

      const { rows } = await fresh.db.query<{ sku: string; kind: string; on_hand: number; reserved: number }>(
        `SELECT s.code AS sku, CASE WHEN l.is_physical THEN 'physical' ELSE l.kind END AS kind,
                sum(b.on_hand)::bigint AS on_hand, sum(b.reserved)::bigint AS reserved
           FROM stock_balances b JOIN skus s ON s.sku_id = b.sku_id JOIN locations l ON l.location_id = b.location_id
          GROUP BY 1, 2`,
      );
      for (const sku of SKUS) {
        const of = (kind: string) => rows.find((r) => r.sku === sku && r.kind === kind);
        const total = rows.filter((r) => r.sku === sku).reduce((n, r) => n + r.on_hand, 0);
        const held = open
          .filter((h) => h.expiresAt === null)
          .flatMap((h) => h.lines)
          .filter((l) => l.sku === sku)
          .reduce((n, l) => n + l.qty, 0);
        const expected = {
          sum: 0,
          physical: received.get(sku)! - shipped.get(sku)! - adjustedOut.get(sku)!,
          reserved: held,
          supplier: -received.get(sku)!,
          customer: shipped.get(sku)!,
          adjustment: adjustedOut.get(sku)!,
          transit: 0,
        };
        expect(
          {
            sum: total,
            physical: of('physical')?.on_hand ?? 0,
            reserved: of('physical')?.reserved ?? 0,
            supplier: of('supplier')?.on_hand ?? 0,
            customer: of('customer')?.on_hand ?? 0,
            adjustment: of('adjustment')?.on_hand ?? 0,
            transit: of('transit')?.on_hand ?? 0,
          },
          `conservation of ${sku} ${at}`,
        ).toEqual(expected);
        const api = await call(admin, 'GET', `/v1/stock?sku=${sku}`);
        expect(api.body.totals, `GET /v1/stock totals of ${sku} ${at}`).toEqual({
          onHand: expected.physical,
          reserved: expected.reserved,
          available: expected.physical - expected.reserved,
        });
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await fresh.drop();
    }
  });
});
