import { type Context, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { buildSscc } from '../../../kernel/sscc.js';
import {
  claimForPacking,
  ensurePackItems,
  findShippingProfile,
  listCartonRecords,
  packingClaim,
  scannedParcels,
} from '../db/packing.js';
import { assertPickingDone } from '../db/picking.js';
import { lockShipmentOrder, readShipment, type Shipment } from '../db/shipments.js';
import { checkParcelContents } from '../domain/pack-parcels.js';
import {
  itemNotInShipment,
  overScan,
  packingIncomplete,
  parcelTooHeavy,
  shipmentBeingPacked,
  shipmentNotOpen,
  shippingProfileMissing,
  unknownCartonType,
} from '../errors.js';

export interface PackParcelInput {
  parcelNo?: number | undefined;
  cartonType?: string | undefined;
  weightGrams: number;
  lengthMm?: number | undefined;
  widthMm?: number | undefined;
  heightMm?: number | undefined;
  /** What the parcel holds, when nothing was scanned. */
  items?: { sku: string; qty: number }[] | undefined;
}

export interface PackShipmentInput {
  parcels: PackParcelInput[];
  station?: string | undefined;
}

/**
 * Closes the packing of an open shipment: its parcels, each with an SSCC of its own (serials taken from
 * the warehouse's counter by one guarded increment, so two parcels never share one), a carton and a
 * weight; the shipment becomes packed, once (guarded by its status). The contents come from the scans
 * when the packer scanned (all of them, every scanned parcel described), or else from the parcels' item
 * lists, which must add up to the shipment exactly.
 * Errors: shipment_not_found (404); shipment_not_open, shipment_being_packed, picking_incomplete,
 * packing_incomplete, over_scan, shipping_profile_missing, sscc_serials_exhausted (409);
 * item_not_in_shipment, unknown_carton_type, parcel_too_heavy, duplicate_parcel, parcel_missing,
 * empty_parcel, items_with_scans (422).
 */
export async function packShipment(ctx: Context, id: string, input: PackShipmentInput) {
  return runCommand(
    ctx,
    'fulfillment.pack_shipment',
    { id, ...input },
    async (tx, audit): Promise<Shipment> => {
      await lockShipmentOrder(tx, ctx, id);
      const shipment = await readShipment(tx, id, null);
      if (shipment.status !== 'open') throw shipmentNotOpen(id, shipment.status);
      await assertPickingDone(tx, id);
      const station = input.station ?? null;
      if (!(await claimForPacking(tx, id, ctx.actor.id, station, true))) {
        const claim = await packingClaim(tx, id);
        throw shipmentBeingPacked(id, claim.packingBy, claim.station);
      }
      const profile = await findShippingProfile(tx, shipment.warehouseId);
      if (!profile) throw shippingProfileMissing(shipment.warehouse);

      const bodies = input.parcels.map((p, i) => ({ ...p, parcelNo: p.parcelNo ?? i + 1 }));
      const numbers = bodies.map((p) => p.parcelNo);
      const twice = numbers.find((n, i) => numbers.indexOf(n) !== i);
      if (twice !== undefined) {
        throw unprocessable('duplicate_parcel', `Parcel ${twice} is listed twice; number each parcel once.`, {
          parcelNo: twice,
        });
      }

      const items = await ensurePackItems(tx, id);
      const scanned = items.some((i) => i.scanned > 0);
      let contents: Map<number, { sku: string; qty: number }[]>;
      if (scanned) {
        const missing = items.filter((i) => i.scanned < i.required);
        if (missing.length > 0) {
          throw packingIncomplete(
            id,
            missing.map((m) => ({ sku: m.sku, required: m.required, scanned: m.scanned })),
          );
        }
        const withItems = bodies.find((p) => p.items !== undefined);
        if (withItems) {
          throw unprocessable(
            'items_with_scans',
            `Shipment ${id} was packed by scanning; its parcels' contents come from the scans. Leave out items (parcel ${withItems.parcelNo}), or reset the packing.`,
            { parcelNo: withItems.parcelNo },
          );
        }
        const fromScans = await scannedParcels(tx, id, items);
        contents = new Map(fromScans.map((p) => [p.parcelNo, p.items]));
        const undescribed = fromScans.map((p) => p.parcelNo).filter((n) => !numbers.includes(n));
        if (undescribed.length > 0) {
          throw unprocessable(
            'parcel_missing',
            `Parcel(s) ${undescribed.join(', ')} were scanned into; give each its carton and weight.`,
            { parcelNos: undescribed },
          );
        }
      } else {
        const check = checkParcelContents(
          items.map((i) => ({ sku: i.sku, qty: i.required })),
          bodies.map((p) => ({ parcelNo: p.parcelNo, items: p.items ?? [] })),
        );
        if (!check.ok) {
          switch (check.code) {
            case 'item_not_in_shipment':
              throw itemNotInShipment(id, check.sku, null);
            case 'over_scan':
              throw overScan(id, check.sku, check.required, 0, check.packed);
            case 'packing_incomplete':
              throw packingIncomplete(id, check.missing);
          }
        }
        contents = new Map(check.parcels.map((p) => [p.parcelNo, p.items]));
      }
      const empty = bodies.find((p) => (contents.get(p.parcelNo) ?? []).length === 0);
      if (empty) {
        throw unprocessable('empty_parcel', `Parcel ${empty.parcelNo} holds nothing; leave it out.`, {
          parcelNo: empty.parcelNo,
        });
      }

      const cartonCodes = [...new Set(bodies.flatMap((p) => (p.cartonType ? [p.cartonType] : [])))];
      const cartons = new Map(
        (await listCartonRecords(tx, cartonCodes)).map((c) => [c.code.toLowerCase(), c]),
      );
      const parcels = bodies.map((p, i) => {
        const carton = p.cartonType ? cartons.get(p.cartonType.toLowerCase()) : undefined;
        if (p.cartonType && !carton) throw unknownCartonType(p.cartonType, `parcels[${i}].cartonType`);
        if (carton?.maxWeightGrams != null && p.weightGrams > carton.maxWeightGrams) {
          throw parcelTooHeavy(p.parcelNo, p.weightGrams, carton.code, carton.maxWeightGrams);
        }
        return {
          parcelNo: p.parcelNo,
          cartonType: carton?.code ?? null,
          weightGrams: p.weightGrams,
          lengthMm: p.lengthMm ?? carton?.lengthMm ?? null,
          widthMm: p.widthMm ?? carton?.widthMm ?? null,
          heightMm: p.heightMm ?? carton?.heightMm ?? null,
          items: contents.get(p.parcelNo) ?? [],
        };
      });

      // The SSCC space belongs to the GS1 prefix and extension digit, not to the warehouse: warehouses of
      // one company often share a prefix, so every profile with the same pair advances together (their
      // rows locked in key order), and a serial is never issued twice. UNIQUE(sscc) backs it.
      const { rows } = await tx.query<{
        warehouse_id: string;
        first: number;
        prefix: string;
        extension: number;
      }>(
        `WITH peers AS (
           SELECT warehouse_id, next_sscc_serial FROM warehouse_shipping_profiles
            WHERE gs1_company_prefix = $1 AND sscc_extension_digit = $2
            ORDER BY warehouse_id FOR UPDATE),
         base AS (SELECT max(next_sscc_serial) AS first FROM peers)
         UPDATE warehouse_shipping_profiles w SET next_sscc_serial = base.first + $3
           FROM base
          WHERE w.warehouse_id IN (SELECT warehouse_id FROM peers)
         RETURNING w.warehouse_id, base.first, w.gs1_company_prefix AS prefix, w.sscc_extension_digit AS extension`,
        [profile.gs1CompanyPrefix, profile.ssccExtensionDigit, parcels.length],
      );
      const counter = rows.find((r) => r.warehouse_id === shipment.warehouseId) ?? rows[0]!;
      const ssccs = parcels.map((_, i) => {
        try {
          return buildSscc({
            extensionDigit: Number(counter.extension),
            companyPrefix: counter.prefix,
            serial: Number(counter.first) + i,
          });
        } catch {
          throw conflict(
            'sscc_serials_exhausted',
            `Warehouse ${shipment.warehouse} has used every SSCC serial its GS1 company prefix allows; set another extension digit or prefix in its shipping profile.`,
            { warehouse: shipment.warehouse, companyPrefix: counter.prefix },
          );
        }
      });

      const packed = await tx.query(
        `UPDATE shipments SET status = 'packed', packed_at = now(), packed_by = $2
          WHERE shipment_id = $1 AND status = 'open'`,
        [id, ctx.actor.id],
      );
      if (packed.rowCount === 0) throw shipmentNotOpen(id, (await readShipment(tx, id, null)).status);
      await tx.query(
        `INSERT INTO shipment_parcels (shipment_id, parcel_no, sscc, carton_type, weight_grams, length_mm, width_mm,
                                       height_mm, items)
         SELECT $1, p.parcel_no, p.sscc, p.carton_type, p.weight_grams, p.length_mm, p.width_mm, p.height_mm, p.items
           FROM unnest($2::int[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::jsonb[])
                AS p(parcel_no, sscc, carton_type, weight_grams, length_mm, width_mm, height_mm, items)`,
        [
          id,
          parcels.map((p) => p.parcelNo),
          ssccs,
          parcels.map((p) => p.cartonType),
          parcels.map((p) => p.weightGrams),
          parcels.map((p) => p.lengthMm),
          parcels.map((p) => p.widthMm),
          parcels.map((p) => p.heightMm),
          parcels.map((p) => JSON.stringify(p.items)),
        ],
      );
      audit.record({
        targetType: 'shipment',
        targetId: id,
        before: { status: 'open' },
        after: {
          status: 'packed',
          scanned,
          station,
          parcels: parcels.map((p, i) => ({
            parcelNo: p.parcelNo,
            sscc: ssccs[i],
            weightGrams: p.weightGrams,
          })),
        },
        warehouseIds: [shipment.warehouseId],
      });
      return readShipment(tx, id, null);
    },
  );
}
