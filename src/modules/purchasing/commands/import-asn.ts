import { createHash } from 'node:crypto';
import { type Context, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import { type Asn, findAsn } from '../db/receipts.js';
import { matchAsnItem } from '../domain/receiving-asn.js';
import { purchaseOrderNotOpen } from '../domain/receiving-errors.js';
import { parseShipNotice } from '../domain/x12-856.js';
import { OPEN_FOR_RECEIVING } from './receive-purchase-order.js';

export interface ImportAsnResult extends Asn {
  /** False when the same notice had been imported before (this call changed nothing). */
  created: boolean;
}

interface PoRow {
  po_id: string;
  number: string;
  external_ref: string | null;
  supplier_id: string;
  status: string;
  warehouse_id: string;
}

interface LineRow {
  po_id: string;
  line_no: number;
  sku_id: string;
  sku: string;
  gtin: string | null;
  supplier_skus: string[];
}

/**
 * Imports an advance ship notice (X12 856): each item is matched to its purchase order (PRF01: our PO
 * number or the order's external reference) and to a line of it (LIN ids: GTIN, supplier code, SKU code),
 * and stored for receiving. Idempotent by reference: the same document again answers the stored notice
 * (created: false); another document with a reference already used by the supplier is refused. Invalid SSCC
 * check digits, an unreadable ship date and wrong envelope counts are warnings on the notice.
 * Errors: purchase_order_not_open, asn_reference_conflict (409); invalid_edi, unknown_purchase_order,
 * asn_unknown_item, asn_mixed_suppliers (422).
 */
export async function importAsn(ctx: Context, document: string) {
  const notice = parseShipNotice(document);
  const hash = createHash('sha256')
    .update(
      document
        .replace(/^\uFEFF/, '')
        .replace(/\r\n/g, '\n')
        .trim(),
    )
    .digest('hex');
  return runCommand(ctx, 'purchasing.import_asn', { hash }, async (tx, audit): Promise<ImportAsnResult> => {
    const numbers = [...new Set(notice.items.map((i) => i.poNumber))];
    const { rows: pos } = await tx.query<PoRow>(
      `SELECT po.po_id, po.number, po.external_ref, po.supplier_id, po.status, po.warehouse_id FROM purchase_orders po
        WHERE (po.number = ANY($1::text[]) OR po.external_ref = ANY($1::text[]))
          AND ($2::text[] IS NULL OR po.warehouse_id = ANY($2::text[]))
        ORDER BY po.po_id`,
      [numbers, ctx.warehouseScope],
    );
    const poOf = new Map<string, PoRow>();
    for (const n of numbers) {
      const po = pos.find((p) => p.number === n) ?? pos.find((p) => p.external_ref === n);
      if (!po) {
        const item = notice.items.find((i) => i.poNumber === n)!;
        throw unprocessable(
          'unknown_purchase_order',
          `The ship notice ships against purchase order ${n} (PRF), which Coulisse does not know by number or external reference.`,
          { purchaseOrder: n, segment: 'PRF', hl: item.hl },
        );
      }
      if (!(OPEN_FOR_RECEIVING as readonly string[]).includes(po.status))
        throw purchaseOrderNotOpen(po.po_id, po.number, po.status);
      poOf.set(n, po);
    }
    const suppliers = [...new Set([...poOf.values()].map((p) => p.supplier_id))];
    if (suppliers.length > 1)
      throw unprocessable(
        'asn_mixed_suppliers',
        'The ship notice names purchase orders of several suppliers; a notice comes from one supplier.',
        { purchaseOrders: [...poOf.values()].map((p) => p.number) },
      );
    const { rows: lines } = await tx.query<LineRow>(
      `SELECT l.po_id, l.line_no, l.sku_id, k.code AS sku, k.gtin,
              array_remove(ARRAY[l.supplier_sku, ss.supplier_sku], NULL) AS supplier_skus
         FROM purchase_order_lines l
         JOIN purchase_orders po ON po.po_id = l.po_id
         JOIN skus k ON k.sku_id = l.sku_id
         LEFT JOIN supplier_skus ss ON ss.supplier_id = po.supplier_id AND ss.sku_id = l.sku_id
        WHERE l.po_id = ANY($1::text[])
        ORDER BY l.po_id, l.line_no`,
      [[...poOf.values()].map((p) => p.po_id)],
    );
    const planned = notice.items.map((item, i) => {
      const po = poOf.get(item.poNumber)!;
      const line = matchAsnItem(
        item.ids,
        lines
          .filter((l) => l.po_id === po.po_id)
          .map((l) => ({ ...l, lineNo: l.line_no, supplierSkus: l.supplier_skus })),
      );
      if (!line)
        throw unprocessable(
          'asn_unknown_item',
          `Item ${item.ids.map((x) => `${x.qualifier} ${x.id}`).join(', ')} (HL ${item.hl}) is not on purchase order ${po.number}.`,
          { purchaseOrder: po.number, hl: item.hl, ids: item.ids, segment: 'LIN', position: item.position },
        );
      return { lineNo: i + 1, item, po, line };
    });
    const asnId = newId('asn');
    const supplierId = suppliers[0] ?? null;
    const inserted = await tx.query(
      `INSERT INTO asns (asn_id, supplier_id, reference, shipped_at, content_hash, warnings, imported_by_kind, imported_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)
       ON CONFLICT (coalesce(supplier_id, ''), reference) DO NOTHING`,
      [
        asnId,
        supplierId,
        notice.reference,
        notice.shippedAt,
        hash,
        JSON.stringify(notice.warnings),
        ctx.actor.kind,
        ctx.actor.id,
      ],
    );
    if (inserted.rowCount === 0) {
      const { rows } = await tx.query<{ asn_id: string; content_hash: string }>(
        `SELECT asn_id, content_hash FROM asns WHERE coalesce(supplier_id, '') = coalesce($1, '') AND reference = $2`,
        [supplierId, notice.reference],
      );
      const existing = rows[0]!;
      if (existing.content_hash !== hash)
        throw conflict(
          'asn_reference_conflict',
          `A different ship notice with reference ${notice.reference} (BSN02) was already imported as ${existing.asn_id}.`,
          { reference: notice.reference, asn: existing.asn_id },
        );
      audit.skip();
      return { ...(await findAsn(tx, existing.asn_id, null))!, created: false };
    }
    await tx.query(
      `INSERT INTO asn_lines (asn_id, line_no, po_id, po_line_no, sku_id, qty, uom, sscc, sscc_valid, hl)
       SELECT $1, l.line_no, l.po_id, l.po_line_no, l.sku_id, l.qty, l.uom, l.sscc, l.sscc_valid, l.hl
         FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::boolean[],
                     $10::text[]) AS l(line_no, po_id, po_line_no, sku_id, qty, uom, sscc, sscc_valid, hl)`,
      [
        asnId,
        planned.map((p) => p.lineNo),
        planned.map((p) => p.po.po_id),
        planned.map((p) => p.line.line_no),
        planned.map((p) => p.line.sku_id),
        planned.map((p) => p.item.qty),
        planned.map((p) => p.item.uom),
        planned.map((p) => p.item.sscc),
        planned.map((p) => p.item.ssccValid),
        planned.map((p) => p.item.hl),
      ],
    );
    const asn = (await findAsn(tx, asnId, null))!;
    audit.record({
      targetType: 'asn',
      targetId: asnId,
      before: null,
      after: {
        reference: asn.reference,
        supplier: asn.supplier,
        purchaseOrders: [...poOf.values()].map((p) => p.number),
        lines: asn.lines.length,
        units: asn.lines.reduce((n, l) => n + l.qty, 0),
        warnings: asn.warnings.length,
      },
      warehouseIds: [...poOf.values()].map((p) => p.warehouse_id),
    });
    return { ...asn, created: true };
  });
}
