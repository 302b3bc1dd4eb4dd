import type { PutawayRuleKind } from '../domain/plan-putaway.js';

export interface PutawayRule {
  id: string;
  warehouse: string;
  priority: number;
  kind: PutawayRuleKind;
  /** The SKU it matches, or null. */
  sku: string | null;
  /** The category it matches, or null (both null: every SKU). */
  category: string | null;
  /** A bin (fixed_bin) or a zone (zone, overflow). */
  target: string;
  isActive: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface RuleRow {
  rule_id: string;
  warehouse_id: string;
  warehouse: string;
  priority: number;
  kind: PutawayRuleKind;
  sku: string | null;
  category: string | null;
  target: string;
  is_active: boolean;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
}

export const RULE_SELECT = `
  SELECT r.rule_id, r.warehouse_id, w.code AS warehouse, r.priority, r.kind, s.code AS sku, r.category,
         t.code AS target, r.is_active, r.created_at, r.created_by, r.updated_at, r.updated_by
    FROM putaway_rules r
    JOIN locations w ON w.location_id = r.warehouse_id
    JOIN locations t ON t.location_id = r.target_location_id
    LEFT JOIN skus s ON s.sku_id = r.sku_id`;

export const RULE_ORDER = `ORDER BY w.code, CASE r.kind WHEN 'fixed_bin' THEN 0 WHEN 'zone' THEN 1 ELSE 2 END,
                                   r.priority, r.rule_id`;

export function toRule(r: RuleRow): PutawayRule {
  return {
    id: r.rule_id,
    warehouse: r.warehouse,
    priority: r.priority,
    kind: r.kind,
    sku: r.sku,
    category: r.category,
    target: r.target,
    isActive: r.is_active,
    createdAt: r.created_at.toISOString(),
    createdBy: r.created_by,
    updatedAt: r.updated_at.toISOString(),
    updatedBy: r.updated_by,
  };
}
