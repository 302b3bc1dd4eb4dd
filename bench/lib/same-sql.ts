import { readFileSync } from 'node:fs';
import type { Db } from '../../src/db/index.js';
import type { Dataset } from './dataset.js';
import { CYCLE_SQL, ORDER_INTAKE_SQL, scriptCommands, scriptFingerprint } from './pgbench.js';
import {
  fingerprint,
  probeAppSql,
  probeOrderSql,
  roundTripFingerprint,
  roundTripName,
  sequence,
} from './probe.js';

/**
 * Whether a pgbench script still sends what the application sends. A script is written against one
 * recording of the app's SQL and carries that recording's fingerprint in its header; before each pgbench
 * scenario the benchmark records the app again, on the scenario's freshly seeded database, and compares
 * (1) the statement names in order with the script's, from the comment above each of its statements, and
 * (2) the fingerprint of the statement texts with the header's. The names are those the statements reach
 * the server under (bench/lib/probe.ts watches below the adapter): the app's own (`inv_guarded_apply`),
 * the adapter's automatic `s_<digest of the text>` for every other statement with parameters, "unnamed"
 * for one without a name (parsed and planned on every call), and BEGIN/COMMIT. An automatic name is a
 * digest of its statement's exact text, so (1) also tells which statement's text changed.
 * A change to the SQL in src/ changes (2) at least; a statement added, removed or moved, or the text of an
 * automatically named one, changes (1) too.
 */
export interface SqlComparison {
  /** The statement sequence and the fingerprint of the app's SQL both match the script. */
  readonly ok: boolean;
  readonly sequenceMatches: boolean;
  /** Where the sequences first part, e.g. `order #12: app inv_insert_reservations, script inv_insert_reservation`. */
  readonly firstDifference: string | null;
  readonly fingerprintApp: string;
  readonly fingerprintScript: string | null;
  readonly app: Record<string, string[]>;
  readonly script: Record<string, string[]>;
}

function compare(
  app: Record<string, string[]>,
  script: Record<string, string[]>,
  fingerprintApp: string,
  fingerprintScript: string | null,
): SqlComparison {
  const sequenceMatches = JSON.stringify(app) === JSON.stringify(script);
  let firstDifference: string | null = null;
  for (const key of new Set([...Object.keys(app), ...Object.keys(script)])) {
    const a = app[key] ?? [];
    const b = script[key] ?? [];
    const i = a.findIndex((name, k) => name !== b[k]);
    const at = i >= 0 ? i : a.length < b.length ? a.length : -1;
    if (at >= 0) {
      firstDifference = `${key} #${at + 1}: app ${a[at] ?? '(none)'}, script ${b[at] ?? '(none)'}`;
      break;
    }
  }
  return {
    ok: sequenceMatches && fingerprintApp === fingerprintScript,
    sequenceMatches,
    firstDifference,
    fingerprintApp,
    fingerprintScript,
    app,
    script,
  };
}

/** Runs one stock cycle of the app's own commands on `db` and compares the SQL they send with cycle.sql. */
export async function compareCycleSql(db: Db, dataset: Dataset): Promise<SqlComparison> {
  const text = readFileSync(CYCLE_SQL, 'utf8');
  const app = await probeAppSql(db, dataset);
  const script: Record<string, string[]> = { receipt: [], reserve: [], post: [] };
  for (const c of scriptCommands(text)) {
    // The key lookup happens at the HTTP edge, before the command: the probe (commands only) cannot see it.
    if (['BEGIN', 'COMMIT', 'ROLLBACK', 'access_api_key'].includes(c.name)) continue;
    script[c.transaction] = [...(script[c.transaction] ?? []), c.name];
  }
  return compare(sequence(app), script, fingerprint(app), scriptFingerprint(text));
}

/**
 * Sends one POST /v1/orders (3 lines) through the application in process on `db` and compares every round
 * trip it makes, the API key lookup, BEGIN and COMMIT included, with order-intake.sql. The probe's order
 * stays in the database (its id is a ULID, not one of the script's `ord_<tag>…`).
 */
export async function compareOrderSql(
  db: Db,
  authorization: string,
  channel: string,
): Promise<SqlComparison> {
  const text = readFileSync(ORDER_INTAKE_SQL, 'utf8');
  const trips = await probeOrderSql(db, authorization, channel);
  // ROLLBACK is the script's branch for a failed guard; the app's path that commits has none.
  const script = scriptCommands(text)
    .filter((c) => c.name !== 'ROLLBACK')
    .map((c) => c.name);
  return compare(
    { order: trips.map(roundTripName) },
    { order: script },
    roundTripFingerprint(trips),
    scriptFingerprint(text),
  );
}
