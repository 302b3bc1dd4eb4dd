import { type Context, runCommand } from '../../../db/index.js';
import { conflict } from '../../../kernel/errors.js';
import { currencyExponent } from '../../../kernel/money.js';
import {
  readSupplier,
  SUPPLIER_COLUMNS,
  type Supplier,
  type SupplierAddress,
  type SupplierRow,
  toSupplier,
} from '../db/suppliers.js';

export interface UpdateSupplierInput {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  address?: SupplierAddress | null | undefined;
  currency?: string | undefined;
  leadTimeDays?: number | undefined;
  paymentTerms?: string | null | undefined;
  overReceiptToleranceBp?: number | undefined;
  /** true archives (no new purchase orders), false restores. */
  isArchived?: boolean | undefined;
  /** Optimistic concurrency: the version last read; a stale one is a 409 version_conflict. */
  expectedVersion?: number | undefined;
}

const FIELDS = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  currency: 'currency',
  leadTimeDays: 'lead_time_days',
  paymentTerms: 'payment_terms',
  overReceiptToleranceBp: 'over_receipt_tolerance_bp',
  isArchived: 'is_archived',
} as const;

/**
 * Changes a supplier's details, archives or restores it; the version increases by one. Open purchase
 * orders keep their currency.
 * Errors: supplier_not_found (404); version_conflict (409); invalid_supplier, unknown_currency (422).
 */
export async function updateSupplier(ctx: Context, code: string, input: UpdateSupplierInput) {
  if (input.currency !== undefined) currencyExponent(input.currency);
  return runCommand(
    ctx,
    'purchasing.update_supplier',
    { code, ...input },
    async (tx, audit): Promise<Supplier> => {
      const before = await readSupplier(tx, code, true);
      if (input.expectedVersion !== undefined && input.expectedVersion !== before.version) {
        throw conflict(
          'version_conflict',
          `Supplier ${before.code} is at version ${before.version}, not ${input.expectedVersion}: reload and try again.`,
          { supplier: before.code, expected: input.expectedVersion, actual: before.version },
        );
      }
      const sets: string[] = [];
      const params: unknown[] = [before.id, ctx.actor.id];
      for (const [key, column] of Object.entries(FIELDS)) {
        const value = input[key as keyof typeof FIELDS];
        if (value === undefined) continue;
        params.push(
          key === 'address' && value !== null
            ? JSON.stringify(value)
            : typeof value === 'string'
              ? value.trim()
              : value,
        );
        sets.push(`${column} = $${params.length}${key === 'address' ? '::jsonb' : ''}`);
      }
      const { rows } = await tx.query<SupplierRow>(
        `UPDATE suppliers SET ${[...sets, 'version = version + 1', 'updated_at = now()', 'updated_by = $2'].join(', ')}
        WHERE supplier_id = $1 RETURNING ${SUPPLIER_COLUMNS}`,
        params,
      );
      const after = toSupplier(rows[0]!);
      const changed = Object.keys(FIELDS).filter((k) => input[k as keyof typeof FIELDS] !== undefined);
      const pick = (s: Supplier) => Object.fromEntries(changed.map((k) => [k, s[k as keyof Supplier]]));
      audit.record({ targetType: 'supplier', targetId: after.id, before: pick(before), after: pick(after) });
      return after;
    },
  );
}
