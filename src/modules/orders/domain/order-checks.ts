import { type Address, missingAddressFields } from './order-status.js';

/**
 * What is wrong with an order for its channel, before anything is written: the currency, the shipping
 * address of a shipped order, unknown or archived SKUs. Pure; intake throws the first problem, the CSV
 * import reports every one at its row.
 */
export interface OrderProblem {
  code: 'currency_mismatch' | 'address_required' | 'unknown_sku' | 'sku_archived';
  message: string;
  /** The line the problem is on (0-based), for SKU problems. */
  line?: number;
  details: Record<string, unknown>;
}

export function orderProblems(
  channel: { code: string; currency: string; kind: string },
  order: { currency: string; shipTo?: Partial<Address> | undefined; lines: readonly { sku: string }[] },
  skus: ReadonlyMap<string, { code: string; isArchived: boolean }>,
): OrderProblem[] {
  const problems: OrderProblem[] = [];
  if (order.currency !== channel.currency) {
    problems.push({
      code: 'currency_mismatch',
      message: `Channel ${channel.code} sells in ${channel.currency}; this order is in ${order.currency}.`,
      details: { field: 'currency', expected: channel.currency, got: order.currency },
    });
  }
  if (channel.kind !== 'point_of_sale') {
    const missing = missingAddressFields(order.shipTo);
    if (missing.length > 0) {
      problems.push({
        code: 'address_required',
        message: `A shipped order needs a shipping address with ${missing.join(', ')}.`,
        details: { field: 'shipTo', missing },
      });
    }
  }
  order.lines.forEach((line, i) => {
    const sku = skus.get(line.sku.toLowerCase());
    if (!sku) {
      problems.push({
        code: 'unknown_sku',
        message: `There is no SKU with code ${line.sku}; create it first.`,
        line: i,
        details: { sku: line.sku, field: `lines[${i}].sku` },
      });
    } else if (sku.isArchived) {
      problems.push({
        code: 'sku_archived',
        message: `SKU ${sku.code} is archived; restore it to take orders for it.`,
        line: i,
        details: { sku: sku.code, field: `lines[${i}].sku` },
      });
    }
  });
  return problems;
}
