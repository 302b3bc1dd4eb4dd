import { type Context, runCommand } from '../../../db/index.js';
import { newId } from '../../../kernel/ids.js';
import { currencyExponent } from '../../../kernel/money.js';
import {
  SUPPLIER_COLUMNS,
  type Supplier,
  type SupplierAddress,
  type SupplierRow,
  toSupplier,
} from '../db/suppliers.js';

export interface CreateSupplierInput {
  code: string;
  name: string;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  address?: SupplierAddress | null | undefined;
  currency: string;
  leadTimeDays?: number | undefined;
  paymentTerms?: string | null | undefined;
  overReceiptToleranceBp?: number | undefined;
}

/**
 * Creates a supplier. Codes are unique without regard to case.
 * Errors: supplier_code_taken (409); invalid_supplier, unknown_currency (422).
 */
export async function createSupplier(ctx: Context, input: CreateSupplierInput) {
  currencyExponent(input.currency);
  return runCommand(ctx, 'purchasing.create_supplier', input, async (tx, audit): Promise<Supplier> => {
    const { rows } = await tx.query<SupplierRow>(
      `INSERT INTO suppliers (supplier_id, code, name, email, phone, address, currency, lead_time_days,
                              payment_terms, over_receipt_tolerance_bp, created_by, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $11) RETURNING ${SUPPLIER_COLUMNS}`,
      [
        newId('supplier'),
        input.code.trim(),
        input.name.trim(),
        input.email ?? null,
        input.phone ?? null,
        input.address ? JSON.stringify(input.address) : null,
        input.currency,
        input.leadTimeDays ?? 0,
        input.paymentTerms ?? null,
        input.overReceiptToleranceBp ?? 0,
        ctx.actor.id,
      ],
    );
    const supplier = toSupplier(rows[0]!);
    audit.record({ targetType: 'supplier', targetId: supplier.id, before: null, after: supplier });
    return supplier;
  });
}
