import { type Context, runCommand } from '../../../db/index.js';
import { resolveWarehouses } from '../../inventory/index.js';
import { findShippingProfile, type ShipFromAddress, type ShippingProfile } from '../db/packing.js';

export interface SetShippingProfileInput {
  address: ShipFromAddress;
  /** GS1 company prefix, 7 to 10 digits (the schema checks it; the database's CHECK backs it). */
  gs1CompanyPrefix: string;
  ssccExtensionDigit?: number | undefined;
}

/**
 * Sets a warehouse's shipping profile: the address its parcels leave from and the GS1 company prefix and
 * extension digit its SSCCs are built from. The serial counter is kept when the profile changes, so no
 * SSCC is ever issued twice. Errors: unknown_warehouse (422, also outside the caller's warehouses).
 */
export async function setShippingProfile(ctx: Context, warehouse: string, input: SetShippingProfileInput) {
  return runCommand(
    ctx,
    'fulfillment.set_shipping_profile',
    { warehouse, ...input },
    async (tx, audit): Promise<ShippingProfile> => {
      const [wh] = await resolveWarehouses(tx, [warehouse], {
        field: 'warehouse',
        scope: ctx.warehouseScope,
      });
      const before = await findShippingProfile(tx, wh!.id);
      await tx.query(
        `INSERT INTO warehouse_shipping_profiles (warehouse_id, address, gs1_company_prefix, sscc_extension_digit, updated_by)
         VALUES ($1, $2::jsonb, $3, $4, $5)
         ON CONFLICT (warehouse_id) DO UPDATE
           SET address = EXCLUDED.address, gs1_company_prefix = EXCLUDED.gs1_company_prefix,
               sscc_extension_digit = EXCLUDED.sscc_extension_digit, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [
          wh!.id,
          JSON.stringify(input.address),
          input.gs1CompanyPrefix,
          input.ssccExtensionDigit ?? 0,
          ctx.actor.id,
        ],
      );
      const after = (await findShippingProfile(tx, wh!.id))!;
      audit.record({
        targetType: 'warehouse',
        targetId: wh!.code,
        before: before
          ? {
              address: before.address,
              gs1CompanyPrefix: before.gs1CompanyPrefix,
              ssccExtensionDigit: before.ssccExtensionDigit,
            }
          : null,
        after: {
          address: after.address,
          gs1CompanyPrefix: after.gs1CompanyPrefix,
          ssccExtensionDigit: after.ssccExtensionDigit,
        },
        warehouseIds: [wh!.id],
      });
      return after;
    },
  );
}
