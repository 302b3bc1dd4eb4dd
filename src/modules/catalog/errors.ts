import { registerConstraintErrors } from '../../db/index.js';
import { conflict, type DomainError, notFound, unprocessable } from '../../kernel/errors.js';
import type { FieldProblem } from './domain/sku.js';

/** Error codes of the catalog module: sku_not_found, unknown_sku, sku_code_taken, gtin_taken, invalid_gtin,
 * invalid_sku_code, invalid_name, invalid_unit, missing_field, sku_archived, unit_locked, version_conflict,
 * invalid_csv. */
export const skuNotFound = (code: string) =>
  notFound('sku_not_found', `No SKU with code ${code}.`, { sku: code });

export const unknownSku = (code: string, field?: string) =>
  unprocessable('unknown_sku', `There is no SKU with code ${code}; create it first.`, {
    sku: code,
    ...(field ? { field } : {}),
  });

export const skuArchived = (code: string) =>
  unprocessable('sku_archived', `SKU ${code} is archived; restore it before moving or reserving stock.`, {
    sku: code,
  });

export function fromFieldProblem(problem: FieldProblem): DomainError {
  return unprocessable(problem.code, `${problem.message}.`, { field: problem.field });
}

registerConstraintErrors({
  sku_components_nesting_check: () =>
    unprocessable(
      'kit_nested',
      'Kits are one level deep: a component cannot be a kit, nor a kit a component.',
    ),
  stock_balances_kit_check: () =>
    unprocessable(
      'sku_is_kit',
      'This SKU is a kit: it holds no stock of its own; move its components instead.',
    ),
  skus_code_key: () => conflict('sku_code_taken', 'A SKU with this code already exists (codes ignore case).'),
  skus_gtin_key: () => conflict('gtin_taken', 'Another SKU already has this GTIN.'),
  skus_gtin_format_check: () =>
    unprocessable('invalid_gtin', 'The GTIN is not valid (length or check digit).'),
  skus_code_format_check: () => unprocessable('invalid_sku_code', 'The SKU code is not valid.'),
  skus_name_length_check: () => unprocessable('invalid_name', 'The name must have 1 to 200 characters.'),
  skus_unit_format_check: () => unprocessable('invalid_unit', 'The unit is not valid.'),
});
