import { checkGtin } from '../../../kernel/gtin.js';

/** Pure rules for SKU master data. The same rules are CHECK constraints in the database (0002). */
export const SKU_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._+#-]{0,63}$/;
export const UNIT_RE = /^[a-z][a-z0-9_]{0,15}$/;
export const MAX_NAME_LENGTH = 200;

export interface SkuFields {
  readonly code: string;
  readonly name: string;
  readonly gtin: string | null;
  readonly unit: string;
}

export interface FieldProblem {
  readonly field: 'code' | 'name' | 'gtin' | 'unit';
  readonly code: string;
  readonly message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

export function validateSkuCode(code: string): FieldProblem | null {
  if (code === '') return { field: 'code', code: 'missing_field', message: 'code is required' };
  if (!SKU_CODE_RE.test(code)) {
    return {
      field: 'code',
      code: 'invalid_sku_code',
      message: `"${code}" is not a valid SKU code: use 1-64 letters, digits and . _ + # - (starting with a letter or digit)`,
    };
  }
  return null;
}

export function validateName(name: string): FieldProblem | null {
  if (name === '') return { field: 'name', code: 'missing_field', message: 'name is required' };
  if (name.length > MAX_NAME_LENGTH) {
    return {
      field: 'name',
      code: 'invalid_name',
      message: `name is longer than ${MAX_NAME_LENGTH} characters`,
    };
  }
  return null;
}

export function validateGtin(gtin: string): FieldProblem | null {
  const check = checkGtin(gtin);
  if (check.ok) return null;
  const message =
    check.reason === 'check_digit'
      ? `GTIN ${gtin} has a wrong check digit (expected ${check.expectedCheckDigit})`
      : check.reason === 'length'
        ? `GTIN ${gtin} must have 8, 12, 13 or 14 digits`
        : `GTIN ${gtin} must contain digits only`;
  return { field: 'gtin', code: 'invalid_gtin', message };
}

export function validateUnit(unit: string): FieldProblem | null {
  return UNIT_RE.test(unit)
    ? null
    : {
        field: 'unit',
        code: 'invalid_unit',
        message: `unit "${unit}" must be a lower-case word such as each, g, ml or m`,
      };
}

/** Trims and validates raw SKU fields (from JSON or a CSV row); collects every problem, not just the first. */
export function validateSkuFields(raw: {
  code: string;
  name: string;
  gtin?: string | null | undefined;
  unit?: string | null | undefined;
}): Validated<SkuFields> {
  const code = raw.code.trim();
  const name = raw.name.trim();
  const gtin = raw.gtin?.trim() || null;
  const unit = raw.unit?.trim() || 'each';
  const problems = [
    validateSkuCode(code),
    validateName(name),
    gtin === null ? null : validateGtin(gtin),
    validateUnit(unit),
  ].filter((p): p is FieldProblem => p !== null);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { code, name, gtin, unit } };
}
