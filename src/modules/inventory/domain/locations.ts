/**
 * Location kinds and path codes, purely. Physical locations (warehouse, zone, bin) hold stock and never go
 * negative; each warehouse also has one virtual location of every VIRTUAL_KIND, standing for the world
 * outside its walls, whose balance may be negative (the supplier location is minus what was received).
 */
export const PHYSICAL_KINDS = ['warehouse', 'zone', 'bin'] as const;
export const VIRTUAL_KINDS = [
  'supplier',
  'customer',
  'adjustment',
  'scrap',
  'transit',
  'production',
] as const;
export type PhysicalKind = (typeof PHYSICAL_KINDS)[number];
export type VirtualKind = (typeof VIRTUAL_KINDS)[number];
export type LocationKind = PhysicalKind | VirtualKind;

/** What a physical location is for: only storage holds stock that can be promised. */
export const LOCATION_USAGES = ['storage', 'receiving', 'quarantine'] as const;
export type LocationUsage = (typeof LOCATION_USAGES)[number];

export const WAREHOUSE_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const LOCAL_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export const isPhysicalKind = (kind: string): kind is PhysicalKind =>
  (PHYSICAL_KINDS as readonly string[]).includes(kind);

/** `WH1` + `A-01-02` → `WH1/A-01-02`; virtual kinds → `WH1/@supplier`. */
export function childCode(warehouseCode: string, local: string): string {
  return `${warehouseCode}/${local}`;
}

export function virtualCode(warehouseCode: string, kind: VirtualKind): string {
  return `${warehouseCode}/@${kind}`;
}

const VIRTUAL_NAMES: Record<VirtualKind, string> = {
  supplier: 'Suppliers (receipts come from here)',
  customer: 'Customers (shipments go here)',
  adjustment: 'Inventory adjustments and losses',
  scrap: 'Scrap',
  transit: 'In transit (incoming)',
  production: 'Production',
};

export function virtualName(warehouseCode: string, kind: VirtualKind): string {
  return `${warehouseCode} ${VIRTUAL_NAMES[kind]}`;
}

export type LocalCodeResult = { ok: true; local: string } | { ok: false; reason: string };

/**
 * The local part of a zone or bin code. Clients may send the local part (`A-01-02`) or the full path
 * (`WH1/A-01-02`); the path must then start with the parent's warehouse code.
 */
export function localCodeOf(code: string, warehouseCode: string): LocalCodeResult {
  const trimmed = code.trim();
  const slash = trimmed.indexOf('/');
  let local = trimmed;
  if (slash >= 0) {
    const prefix = trimmed.slice(0, slash);
    if (prefix.toLowerCase() !== warehouseCode.toLowerCase()) {
      return { ok: false, reason: `code ${trimmed} must start with its warehouse ${warehouseCode}/` };
    }
    local = trimmed.slice(slash + 1);
  }
  if (!LOCAL_CODE_RE.test(local)) {
    return {
      ok: false,
      reason: `"${local}" is not a valid location code: use 1-40 letters, digits and . _ - (starting with a letter or digit)`,
    };
  }
  return { ok: true, local };
}
