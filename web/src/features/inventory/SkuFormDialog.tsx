import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type CreateSkuBody, type UpdateSkuBody, useCreateSku, useUpdateSku } from '../../api/catalog';
import { ApiError } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import type { Sku } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, TextField, useToast } from '../../ui';
import { CodedError, fieldError } from './CodedError';

const FIELDS = ['code', 'name', 'gtin', 'unit'] as const;
type FieldName = (typeof FIELDS)[number];

/** Which field an API refusal is about, from its code (invalid_gtin, gtin_taken …) or details.field. */
function fieldOf(code: string, field: string | null): FieldName | null {
  const f = (field ?? '').replace(/^\//, '');
  for (const name of FIELDS) if (f === name) return name;
  if (code.includes('gtin')) return 'gtin';
  if (code.startsWith('sku_code') || code === 'invalid_sku_code') return 'code';
  if (code === 'invalid_name') return 'name';
  if (code === 'invalid_unit' || code === 'unit_locked') return 'unit';
  return null;
}

/**
 * Creates a SKU, or edits one (name, GTIN, unit; sent with the version it was read at). The API's
 * refusals appear under the field they are about, with their code (invalid_gtin, gtin_taken …).
 */
export function SkuFormDialog({ sku, onClose }: { sku?: Sku; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const create = useCreateSku();
  const update = useUpdateSku(sku?.code ?? '');
  const mutation = sku ? update : create;
  const [key] = useState(newIdempotencyKey);
  const [values, setValues] = useState<Record<FieldName, string>>({
    code: sku?.code ?? '',
    name: sku?.name ?? '',
    gtin: sku?.gtin ?? '',
    unit: sku?.unit ?? 'each',
  });
  const [touched, setTouched] = useState(false);
  const set = (name: FieldName) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  const problems: Record<FieldName, string | null> = {
    code: values.code.trim() === '' ? t('common.required') : null,
    name: values.name.trim() === '' ? t('common.required') : null,
    gtin: null,
    unit: values.unit.trim() === '' ? t('common.required') : null,
  };
  const serverField =
    mutation.error instanceof ApiError ? fieldOf(mutation.error.code, mutation.error.field) : null;
  const errorFor = (name: FieldName) =>
    (touched ? problems[name] : null) ?? fieldError(mutation.error, (c, f) => fieldOf(c, f) === name);

  const submit = () => {
    setTouched(true);
    if (Object.values(problems).some(Boolean)) return;
    const gtin = values.gtin.trim() === '' ? null : values.gtin.trim();
    if (sku) {
      const body: UpdateSkuBody = {
        name: values.name.trim(),
        gtin,
        ...(values.unit.trim() !== sku.unit ? { unit: values.unit.trim() } : {}),
        expectedVersion: sku.version,
      };
      update.mutate(body, {
        onSuccess: (saved) => {
          toast.success(t('catalog.sku.updated', { code: saved.code }));
          onClose();
        },
      });
    } else {
      const body: CreateSkuBody = {
        code: values.code.trim(),
        name: values.name.trim(),
        unit: values.unit.trim(),
        ...(gtin ? { gtin } : {}),
      };
      create.mutate(
        { body, key },
        {
          onSuccess: (saved) => {
            toast.success(t('catalog.sku.created', { code: saved.code }));
            onClose();
            navigate(`/skus/${encodeURIComponent(saved.code)}`);
          },
        },
      );
    }
  };

  return (
    <Dialog
      title={sku ? t('catalog.sku.editTitle', { code: sku.code }) : t('catalog.sku.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={mutation.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={mutation.isPending}>
            {sku ? t('common.save') : t('catalog.sku.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('catalog.sku.code')}
          name="code"
          value={values.code}
          onChange={set('code')}
          maxLength={64}
          autoComplete="off"
          disabled={sku !== undefined}
          hint={sku ? undefined : t('catalog.sku.codeHint')}
          error={errorFor('code')}
        />
        <TextField
          label={t('catalog.sku.name')}
          name="name"
          value={values.name}
          onChange={set('name')}
          maxLength={200}
          error={errorFor('name')}
        />
        <TextField
          label={t('catalog.sku.gtin')}
          name="gtin"
          value={values.gtin}
          onChange={set('gtin')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={14}
          isOptional
          hint={t('catalog.sku.gtinHint')}
          error={errorFor('gtin')}
        />
        <TextField
          label={t('catalog.sku.unit')}
          name="unit"
          value={values.unit}
          onChange={set('unit')}
          maxLength={16}
          hint={t('catalog.sku.unitHint')}
          error={errorFor('unit')}
        />
        {serverField === null ? <CodedError error={mutation.error} /> : null}
      </div>
    </Dialog>
  );
}
