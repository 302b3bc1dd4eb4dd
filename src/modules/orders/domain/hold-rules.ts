/**
 * Hold rules: declarative conditions over an order as it is taken. A rule matches when every condition it
 * states holds; the first matching rule (by priority, then name) puts the order on hold. Pure.
 */
export interface HoldCondition {
  /** The channel's total (as sent) is above this amount (minor units of the order's currency). */
  totalAboveMinor?: number | undefined;
  /** Only orders in this currency (with totalAboveMinor: the amount is in it). */
  currency?: string | undefined;
  /** The shipping address is missing, or lacks one of these fields. */
  addressIncomplete?: boolean | undefined;
  /** The customer carries one of these tags. */
  customerTags?: string[] | undefined;
  /** The order carries one of these tags. */
  orderTags?: string[] | undefined;
  /** The order ships to one of these countries (ISO 3166-1 alpha-2). */
  shipToCountries?: string[] | undefined;
  /** The channel's amounts did not add up (any flag). */
  flagged?: boolean | undefined;
  /** The payment status is one of these. */
  paymentStatuses?: string[] | undefined;
}

export interface HoldRule {
  id: string;
  name: string;
  /** The channel code the rule is limited to; null for every channel. */
  channel: string | null;
  condition: HoldCondition;
  priority: number;
  isActive: boolean;
}

export interface OrderFacts {
  channel: string;
  currency: string;
  totalMinor: number | null;
  missingAddressFields: string[];
  hasShipTo: boolean;
  customerTags: string[];
  orderTags: string[];
  shipToCountry: string | null;
  flags: string[];
  paymentStatus: string;
}

const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());
const overlaps = (a: readonly string[], b: readonly string[]) => {
  const set = new Set(lower(b));
  return lower(a).some((x) => set.has(x));
};

export function ruleMatches(rule: HoldRule, o: OrderFacts): boolean {
  if (!rule.isActive) return false;
  if (rule.channel !== null && rule.channel.toLowerCase() !== o.channel.toLowerCase()) return false;
  const c = rule.condition;
  const stated = Object.values(c).some((v) => v !== undefined);
  if (!stated) return false;
  if (c.currency !== undefined && c.currency !== o.currency) return false;
  if (c.totalAboveMinor !== undefined && !(o.totalMinor !== null && o.totalMinor > c.totalAboveMinor))
    return false;
  if (c.addressIncomplete && o.hasShipTo && o.missingAddressFields.length === 0) return false;
  if (c.customerTags !== undefined && !overlaps(o.customerTags, c.customerTags)) return false;
  if (c.orderTags !== undefined && !overlaps(o.orderTags, c.orderTags)) return false;
  if (
    c.shipToCountries !== undefined &&
    !(o.shipToCountry !== null && c.shipToCountries.includes(o.shipToCountry))
  )
    return false;
  if (c.flagged && o.flags.length === 0) return false;
  if (c.paymentStatuses !== undefined && !c.paymentStatuses.includes(o.paymentStatus)) return false;
  return true;
}

/** The rule that holds this order, if any: the first match by priority (lower first), then name. */
export function firstMatchingRule(rules: readonly HoldRule[], o: OrderFacts): HoldRule | null {
  const ordered = [...rules].sort(
    (a, b) => a.priority - b.priority || a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
  );
  return ordered.find((r) => ruleMatches(r, o)) ?? null;
}
