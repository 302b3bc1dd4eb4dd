import { type Context, type Queryable, runCommand } from '../../../db/index.js';
import { conflict, unprocessable } from '../../../kernel/errors.js';
import { resolveSkuRefs } from '../db/skus.js';
import { skuNotFound, unknownSku } from '../errors.js';

export interface KitComponent {
  sku: string;
  qty: number;
}

export interface KitDefinition {
  sku: string;
  isKit: boolean;
  components: KitComponent[];
}

/** A SKU's components (empty when it is not a kit). Errors: sku_not_found (404). */
export function getSkuComponents(ctx: Pick<Context, 'db'>, code: string): Promise<KitDefinition> {
  return readKit(ctx.db, code);
}

async function readKit(tx: Queryable, code: string): Promise<KitDefinition> {
  const { rows } = await tx.query<{
    code: string;
    is_kit: boolean;
    component: string | null;
    qty: number | null;
  }>(
    `SELECT k.code, k.is_kit, c.code AS component, sc.qty
       FROM skus k
       LEFT JOIN sku_components sc ON sc.kit_sku_id = k.sku_id
       LEFT JOIN skus c ON c.sku_id = sc.component_sku_id
      WHERE lower(k.code) = lower($1)
      ORDER BY c.code`,
    [code],
  );
  if (!rows[0]) throw skuNotFound(code);
  return {
    sku: rows[0].code,
    isKit: rows[0].is_kit,
    components: rows.filter((r) => r.component !== null).map((r) => ({ sku: r.component!, qty: r.qty! })),
  };
}

/**
 * Makes a SKU a kit of the given components (or an ordinary SKU again with an empty list). A kit holds no
 * stock of its own, so a SKU that ever held stock cannot become one; kits are one level deep (a component
 * is never a kit, a kit is never a component); components are distinct and each quantity is a whole number.
 * Orders for a kit reserve, pick and ship its components.
 * Errors: sku_not_found (404); kit_has_stock, kit_in_use (409); unknown_sku, kit_nested,
 * duplicate_component, kit_self (422).
 */
export async function setSkuComponents(ctx: Context, code: string, input: { components: KitComponent[] }) {
  return runCommand(
    ctx,
    'catalog.set_sku_components',
    { code, ...input },
    async (tx, audit): Promise<KitDefinition> => {
      const { rows: found } = await tx.query<{ sku_id: string; code: string; is_kit: boolean }>(
        'SELECT sku_id, code, is_kit FROM skus WHERE lower(code) = lower($1) FOR UPDATE',
        [code],
      );
      const kit = found[0];
      if (!kit) throw skuNotFound(code);
      const seen = new Set<string>();
      for (const [i, c] of input.components.entries()) {
        const key = c.sku.toLowerCase();
        if (key === kit.code.toLowerCase()) {
          throw unprocessable('kit_self', 'A kit cannot contain itself.', { field: `components[${i}].sku` });
        }
        if (seen.has(key)) {
          throw unprocessable(
            'duplicate_component',
            `${c.sku} is listed twice; give its total quantity once.`,
            {
              field: `components[${i}].sku`,
            },
          );
        }
        seen.add(key);
      }
      const refs = await resolveSkuRefs(
        tx,
        input.components.map((c) => c.sku),
      );
      const components = input.components.map((c, i) => {
        const ref = refs.get(c.sku.toLowerCase());
        if (!ref) throw unknownSku(c.sku, `components[${i}].sku`);
        return { ...ref, qty: c.qty, field: `components[${i}].sku` };
      });
      const before = await readKit(tx, kit.code);
      if (components.length > 0) {
        const stocked = await tx.query('SELECT 1 FROM stock_balances WHERE sku_id = $1 LIMIT 1', [
          kit.sku_id,
        ]);
        if (stocked.rows.length > 0) {
          throw conflict(
            'kit_has_stock',
            `${kit.code} has held stock; a kit holds none. Create a new SKU for the kit.`,
            {
              sku: kit.code,
            },
          );
        }
        const nested = await tx.query<{ code: string }>(
          `SELECT code FROM skus WHERE sku_id = ANY($1::text[]) AND is_kit
         UNION ALL
         SELECT k.code FROM sku_components sc JOIN skus k ON k.sku_id = sc.kit_sku_id WHERE sc.component_sku_id = $2
         LIMIT 1`,
          [components.map((c) => c.id), kit.sku_id],
        );
        if (nested.rows[0]) {
          throw unprocessable(
            'kit_nested',
            'Kits are one level deep: a component cannot be a kit, nor a kit a component.',
            {
              sku: nested.rows[0].code,
            },
          );
        }
      }
      if (kit.is_kit && components.length === 0) {
        const open = await tx.query(
          `SELECT 1 FROM order_lines WHERE sku_id = $1 AND qty_allocated + qty_backordered > 0 LIMIT 1`,
          [kit.sku_id],
        );
        if (open.rows.length > 0) {
          throw conflict(
            'kit_in_use',
            `Open orders hold ${kit.code} as a kit; finish or cancel them first.`,
            {
              sku: kit.code,
            },
          );
        }
      }
      await tx.query('DELETE FROM sku_components WHERE kit_sku_id = $1', [kit.sku_id]);
      if (components.length > 0) {
        await tx.query(
          `INSERT INTO sku_components (kit_sku_id, component_sku_id, qty)
         SELECT $1, c, q FROM unnest($2::text[], $3::bigint[]) AS x(c, q)`,
          [kit.sku_id, components.map((c) => c.id), components.map((c) => c.qty)],
        );
      }
      await tx.query(
        'UPDATE skus SET is_kit = $2, version = version + 1, updated_at = now(), updated_by = $3 WHERE sku_id = $1',
        [kit.sku_id, components.length > 0, ctx.actor.id],
      );
      const after = await readKit(tx, kit.code);
      audit.record({
        targetType: 'sku',
        targetId: kit.code,
        before: before.components,
        after: after.components,
      });
      return after;
    },
  );
}
