/**
 * Where received units go: the put-away decision, pure. Given what waits at the dock, the warehouse's rules
 * and its bins as they stand (capacity, what they hold, what open tasks already promised them), it says
 * which bin takes how many units and what fits nowhere. No I/O, no clock.
 */

export type PutawayRuleKind = 'fixed_bin' | 'zone' | 'overflow';
export type LocationUsage = 'storage' | 'receiving' | 'quarantine';

export interface PlanRule {
  readonly id: string;
  readonly priority: number;
  readonly kind: PutawayRuleKind;
  /** Matches one SKU (code), or one category, or (both null) every SKU. */
  readonly sku: string | null;
  readonly category: string | null;
  /** A bin code for fixed_bin, a zone code for zone and overflow. */
  readonly target: string;
  readonly isActive: boolean;
}

export interface PlanBin {
  readonly code: string;
  /** The zone the bin is in (its parent), or null for a bin directly in the warehouse. */
  readonly zone: string | null;
  readonly usage: LocationUsage;
  readonly isArchived: boolean;
  /** Base units across SKUs; null = unlimited. */
  readonly capacity: number | null;
  /** Units it holds or is promised (on hand plus open put-away tasks headed there), all SKUs. */
  readonly units: number;
  /** Of which units of each SKU (code → units); consolidation prefers bins that hold the SKU already. */
  readonly unitsBySku: Readonly<Record<string, number>>;
  readonly pickSeq: number | null;
}

export interface PlanItem {
  /** The caller's handle for the item (e.g. dock + SKU), echoed in the result. */
  readonly key: string;
  readonly sku: string;
  readonly category: string | null;
  readonly qty: number;
}

export interface Placement {
  readonly bin: string;
  readonly qty: number;
  /** The rule that chose the bin. */
  readonly ruleId: string;
}

export interface ItemPlan {
  readonly key: string;
  readonly sku: string;
  readonly placements: Placement[];
  /** Units that fit in no bin the rules allow. */
  readonly unplaced: number;
}

const KIND_RANK: Record<PutawayRuleKind, number> = { fixed_bin: 0, zone: 1, overflow: 2 };

/** Does the rule apply to this SKU? A SKU rule by code (any case), a category rule by category, or all. */
export function ruleMatches(rule: PlanRule, item: { sku: string; category: string | null }): boolean {
  if (!rule.isActive) return false;
  if (rule.sku !== null) return rule.sku.toLowerCase() === item.sku.toLowerCase();
  if (rule.category !== null)
    return item.category !== null && rule.category.toLowerCase() === item.category.toLowerCase();
  return true;
}

/**
 * The order rules are tried in: fixed bins first, then zones, then overflow zones; within each, by priority
 * (lower first), then id so the order is total.
 */
export function orderRules(rules: readonly PlanRule[]): PlanRule[] {
  return [...rules].sort(
    (a, b) =>
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      a.priority - b.priority ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** A bin may take put-away stock: a storage bin, not archived. */
export const isEligible = (bin: PlanBin) => bin.usage === 'storage' && !bin.isArchived;

const free = (bin: { capacity: number | null; units: number }) =>
  bin.capacity === null ? Number.POSITIVE_INFINITY : Math.max(0, bin.capacity - bin.units);

const byCode = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * Plans the items one after the other (the space one takes is gone for the next). For each item, the
 * matching rules in `orderRules` order: a fixed bin up to its free capacity; a zone's bins, those already
 * holding the SKU first (consolidation), then the emptiest, then the lowest pick sequence, then by code.
 * Never above a bin's capacity, never into a bin that is not storage or is archived. Placed plus unplaced
 * is always the item's quantity.
 */
export function planPutaway(
  items: readonly PlanItem[],
  rules: readonly PlanRule[],
  bins: readonly PlanBin[],
): ItemPlan[] {
  const state = new Map(
    bins.map((b) => [
      b.code.toLowerCase(),
      { bin: b, units: b.units, bySku: new Map(Object.entries(b.unitsBySku)) },
    ]),
  );
  const ordered = orderRules(rules);
  return items.map((item) => {
    let left = item.qty;
    const placed = new Map<string, Placement>();
    for (const rule of ordered) {
      if (left === 0) break;
      if (!ruleMatches(rule, item)) continue;
      const target = rule.target.toLowerCase();
      const candidates = [...state.values()].filter((s) =>
        rule.kind === 'fixed_bin'
          ? s.bin.code.toLowerCase() === target
          : s.bin.zone !== null && s.bin.zone.toLowerCase() === target,
      );
      const skuUnits = (s: (typeof candidates)[number]) => s.bySku.get(item.sku) ?? 0;
      candidates.sort(
        (a, b) =>
          Number(skuUnits(b) > 0) - Number(skuUnits(a) > 0) ||
          a.units - b.units ||
          (a.bin.pickSeq ?? Number.MAX_SAFE_INTEGER) - (b.bin.pickSeq ?? Number.MAX_SAFE_INTEGER) ||
          byCode(a.bin.code, b.bin.code),
      );
      for (const s of candidates) {
        if (left === 0) break;
        if (!isEligible(s.bin)) continue;
        const take = Math.min(left, free({ capacity: s.bin.capacity, units: s.units }));
        if (take <= 0) continue;
        s.units += take;
        s.bySku.set(item.sku, skuUnits(s) + take);
        left -= take;
        const prior = placed.get(s.bin.code);
        placed.set(s.bin.code, {
          bin: s.bin.code,
          qty: (prior?.qty ?? 0) + take,
          ruleId: prior?.ruleId ?? rule.id,
        });
      }
    }
    return { key: item.key, sku: item.sku, placements: [...placed.values()], unplaced: left };
  });
}
