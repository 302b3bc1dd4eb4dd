/**
 * Decisions of a return that need no database. Pure.
 */

export const RETURN_REASONS = [
  'damaged',
  'defective',
  'wrong_item',
  'not_as_described',
  'no_longer_needed',
  'size_fit',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const GRADES = ['restock', 'quarantine', 'scrap'] as const;
export type Grade = (typeof GRADES)[number];

export const RETURN_STATUSES = ['authorised', 'received', 'closed', 'cancelled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/**
 * Units of an order line that returns already account for: all authorised units of a return still open
 * for receipt (they may all come), the received units of one that is no longer (the rest is not coming),
 * none of a cancelled one.
 */
export function claimedUnits(
  returns: readonly { status: ReturnStatus; qtyAuthorised: number; qtyReceived: number }[],
): number {
  return returns.reduce(
    (sum, r) =>
      sum + (r.status === 'authorised' ? r.qtyAuthorised : r.status === 'cancelled' ? 0 : r.qtyReceived),
    0,
  );
}

/**
 * Where the next `qty` units of a line to be graded are: units are graded in the order they were received,
 * so units graded+1 … graded+qty lie in the receipts covering those positions. Returns one part per
 * receipt location touched (in receipt order), summing to qty; fewer units when the receipts hold fewer.
 */
export function sourcesOf(
  receipts: readonly { location: string; qty: number }[],
  graded: number,
  qty: number,
): { location: string; qty: number; firstUnit: number }[] {
  const out: { location: string; qty: number; firstUnit: number }[] = [];
  let start = 0;
  let position = graded;
  let left = qty;
  for (const r of receipts) {
    const end = start + r.qty;
    if (left > 0 && position < end && position >= start) {
      const take = Math.min(left, end - position);
      const last = out[out.length - 1];
      if (last && last.location === r.location && last.firstUnit + last.qty === position + 1)
        last.qty += take;
      else out.push({ location: r.location, qty: take, firstUnit: position + 1 });
      position += take;
      left -= take;
    }
    start = end;
  }
  return out;
}

/** The scrap reason a returned unit is written off with, from the reason it came back for. */
export function scrapReasonOf(reason: ReturnReason): 'damage' | 'defective' | 'other' {
  if (reason === 'damaged') return 'damage';
  if (reason === 'defective') return 'defective';
  return 'other';
}

/**
 * A return is done when nothing more will come (every authorised unit received, or receiving closed) and
 * every received unit is graded.
 */
export function isComplete(
  receivingClosed: boolean,
  lines: readonly { qtyAuthorised: number; qtyReceived: number; qtyGraded: number }[],
): boolean {
  const allReceived = receivingClosed || lines.every((l) => l.qtyReceived === l.qtyAuthorised);
  return allReceived && lines.every((l) => l.qtyGraded === l.qtyReceived);
}
