import { type Context, runCommand } from '../../../db/index.js';
import { forbidden, unprocessable } from '../../../kernel/errors.js';
import { newId } from '../../../kernel/ids.js';
import {
  LOCATION_SELECT,
  type Location,
  type LocationRow,
  resolveLocationRefs,
  toLocation,
} from '../db/locations.js';
import {
  childCode,
  type LocationUsage,
  localCodeOf,
  VIRTUAL_KINDS,
  virtualCode,
  virtualName,
  WAREHOUSE_CODE_RE,
} from '../domain/locations.js';
import { unknownLocation } from '../errors.js';

export interface CreateLocationInput {
  code: string;
  name?: string | undefined;
  kind: 'warehouse' | 'zone' | 'bin';
  /** Code of the parent: required for zones (a warehouse) and bins (a warehouse or a zone). */
  parent?: string | undefined;
  /** Warehouses only: where it is (ISO 3166-1 alpha-2), for routing orders to the nearest. */
  country?: string | undefined;
  region?: string | undefined;
  /** Zones and bins: storage (default; a bin in a zone takes the zone's), receiving or quarantine. */
  usage?: LocationUsage | undefined;
}

/**
 * Creates a warehouse (with its six virtual locations: supplier, customer, adjustment, scrap, transit,
 * production), a zone in a warehouse, or a bin in a warehouse or zone. Zone and bin codes are paths within
 * their warehouse: `A-01-02` under WH1 becomes `WH1/A-01-02` (sending the full path works too).
 * Errors: location_code_taken (409); invalid_location_code, invalid_parent, unknown_location (422).
 */
export async function createLocation(ctx: Context, input: CreateLocationInput) {
  return runCommand(ctx, 'inventory.create_location', input, async (tx, audit): Promise<Location> => {
    const id = newId('location');
    if (input.kind === 'warehouse') {
      if (ctx.warehouseScope !== null) {
        throw forbidden(
          'warehouse_scope_required',
          'Only someone who works in every warehouse (an owner or admin) can create a warehouse.',
        );
      }
      const code = input.code.trim();
      if (input.parent !== undefined) {
        throw unprocessable('invalid_parent', 'A warehouse is a top-level location; it has no parent.', {
          parent: input.parent,
        });
      }
      if (input.usage !== undefined && input.usage !== 'storage') {
        throw unprocessable(
          'invalid_field',
          'A warehouse is not a dock or a quarantine area; its zones and bins are.',
          {
            field: 'usage',
          },
        );
      }
      if (!WAREHOUSE_CODE_RE.test(code)) {
        throw unprocessable(
          'invalid_location_code',
          `"${code}" is not a valid warehouse code: use 1-32 letters, digits and . _ - without slashes.`,
          {
            code,
          },
        );
      }
      const virtual = VIRTUAL_KINDS.map((kind) => ({
        id: newId('location'),
        code: virtualCode(code, kind),
        name: virtualName(code, kind),
        kind,
      }));
      await tx.query(
        `INSERT INTO locations (location_id, code, name, kind, parent_id, warehouse_id, created_by, updated_by,
                                country, region)
         VALUES ($1, $2, $3, 'warehouse', NULL, $1, $4, $4, $5, $6)`,
        [
          id,
          code,
          input.name?.trim() || code,
          ctx.actor.id,
          input.country ?? null,
          input.region?.trim() ?? null,
        ],
      );
      await tx.query(
        `INSERT INTO locations (location_id, code, name, kind, parent_id, warehouse_id, created_by, updated_by)
         SELECT v.id, v.code, v.name, v.kind, $1, $1, $2, $2
           FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS v(id, code, name, kind)`,
        [
          id,
          ctx.actor.id,
          virtual.map((v) => v.id),
          virtual.map((v) => v.code),
          virtual.map((v) => v.name),
          virtual.map((v) => v.kind),
        ],
      );
    } else {
      if (input.country !== undefined || input.region !== undefined) {
        throw unprocessable('invalid_field', 'Only a warehouse has a country and region.', {
          field: input.country !== undefined ? 'country' : 'region',
        });
      }
      if (input.parent === undefined) {
        throw unprocessable(
          'invalid_parent',
          `A ${input.kind} needs a parent (a warehouse${input.kind === 'bin' ? ' or a zone' : ''}).`,
          {
            field: 'parent',
          },
        );
      }
      const parent = (await resolveLocationRefs(tx, [input.parent], true)).get(input.parent.toLowerCase());
      if (!parent || (ctx.warehouseScope !== null && !ctx.warehouseScope.includes(parent.warehouseId))) {
        throw unknownLocation(input.parent, 'parent');
      }
      const allowed = input.kind === 'zone' ? ['warehouse'] : ['warehouse', 'zone'];
      if (!allowed.includes(parent.kind)) {
        throw unprocessable(
          'invalid_parent',
          `A ${input.kind} cannot be placed in ${parent.code} (a ${parent.kind}).`,
          {
            parent: parent.code,
            parentKind: parent.kind,
          },
        );
      }
      if (parent.isArchived) {
        throw unprocessable(
          'invalid_parent',
          `${parent.code} is archived; nothing new can be placed in it.`,
          { parent: parent.code },
        );
      }
      const local = localCodeOf(input.code, parent.warehouseCode);
      if (!local.ok)
        throw unprocessable('invalid_location_code', `Invalid location code: ${local.reason}.`, {
          code: input.code,
        });
      const code = childCode(parent.warehouseCode, local.local);
      await tx.query(
        `INSERT INTO locations (location_id, code, name, kind, parent_id, warehouse_id, created_by, updated_by, usage)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)`,
        [
          id,
          code,
          input.name?.trim() || local.local,
          input.kind,
          parent.id,
          parent.warehouseId,
          ctx.actor.id,
          input.usage ?? parent.usage,
        ],
      );
    }
    const { rows } = await tx.query<LocationRow & { warehouse_id?: string }>(
      `${LOCATION_SELECT} WHERE l.location_id = $1`,
      [id],
    );
    const created = toLocation(rows[0]!);
    const wh = await tx.query<{ warehouse_id: string }>(
      'SELECT warehouse_id FROM locations WHERE location_id = $1',
      [id],
    );
    audit.record({
      targetType: 'location',
      targetId: created.code,
      before: null,
      after: { kind: created.kind, name: created.name, parent: input.parent ?? null },
      warehouseId: wh.rows[0]!.warehouse_id,
    });
    return created;
  });
}
