/**
 * Why stock moved. Each kind of operation has its own vocabulary, so reports can group shrinkage (damage,
 * theft, loss) apart from corrections (found, count).
 */
export const ADJUSTMENT_REASONS = ['damage', 'theft', 'loss', 'found', 'count', 'other'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export const SCRAP_REASONS = ['damage', 'expired', 'defective', 'recall', 'other'] as const;
export type ScrapReason = (typeof SCRAP_REASONS)[number];

export const POST_REASONS = ['shipment', 'consumption', 'transfer'] as const;
export type PostReason = (typeof POST_REASONS)[number];

export type MoveType =
  | 'receipt'
  | 'adjustment'
  | 'count'
  | 'transfer'
  | 'transfer_out'
  | 'transfer_in'
  | 'scrap'
  | 'post';

/** The sign an adjustment must have for its reason: losses remove stock, finds add it. */
export function adjustmentSignProblem(reason: AdjustmentReason, delta: number): string | null {
  if ((reason === 'damage' || reason === 'theft' || reason === 'loss') && delta > 0) {
    return `a ${reason} adjustment removes stock: use a negative delta`;
  }
  if (reason === 'found' && delta < 0) return 'a found adjustment adds stock: use a positive delta';
  return null;
}
