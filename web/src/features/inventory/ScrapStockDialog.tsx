import { useId, useState } from 'react';
import { SCRAP_REASONS, type ScrapBody, type ScrapReason, useScrapStock } from '../../api/catalog';
import { newIdempotencyKey } from '../../api/idempotency';
import type { StockItem } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, SelectField, TextAreaField, TextField, useToast } from '../../ui';
import { CodedError } from './CodedError';

/** Scraps units of a SKU at a location (they go to the scrap location) with one of the scrap reasons. */
export function ScrapStockDialog({
  sku,
  initialLocation,
  stock,
  onClose,
}: {
  sku: string;
  initialLocation: string;
  stock: readonly StockItem[];
  onClose(): void;
}) {
  const { t, label, number } = useI18n();
  const toast = useToast();
  const scrap = useScrapStock();
  const listId = useId();
  const [key] = useState(newIdempotencyKey);
  const [location, setLocation] = useState(initialLocation);
  const [qty, setQty] = useState('1');
  const [reason, setReason] = useState<ScrapReason | ''>('');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const here = stock.find((s) => s.location.toUpperCase() === location.trim().toUpperCase());

  const qtyNumber = Number(qty);
  const problems = {
    location: location.trim() === '' ? t('common.required') : null,
    qty: !Number.isInteger(qtyNumber) || qtyNumber < 1 ? '≥ 1' : null,
    reason: reason === '' ? t('common.required') : null,
    note: reason === 'other' && note.trim() === '' ? t('adjust.noteRequired') : null,
  };

  const submit = () => {
    setTouched(true);
    if (Object.values(problems).some(Boolean) || reason === '') return;
    const body: ScrapBody = {
      sku,
      location: location.trim(),
      qty: qtyNumber,
      reason,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    scrap.mutate(
      { body, key },
      {
        onSuccess: () => {
          toast.success(
            t('catalog.scrap.done', {
              location: body.location,
              qty: number(qtyNumber),
              reason: label('reason', reason),
            }),
          );
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('catalog.scrap.title', { sku })}
      onClose={onClose}
      onSubmit={submit}
      isBusy={scrap.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={scrap.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="danger" isLoading={scrap.isPending}>
            {t('catalog.scrap.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('catalog.scrap.location')}
          name="location"
          list={listId}
          value={location}
          autoComplete="off"
          onChange={(e) => setLocation(e.target.value)}
          hint={
            here
              ? t('adjust.availableHere', { onHand: number(here.onHand), available: number(here.available) })
              : t('adjust.locationHint')
          }
          error={touched ? problems.location : null}
        />
        <datalist id={listId}>
          {stock
            .filter((s) => s.onHand > 0)
            .map((s) => (
              <option key={s.location} value={s.location} />
            ))}
        </datalist>
        <TextField
          label={t('catalog.scrap.qty')}
          name="qty"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          error={touched ? problems.qty : null}
        />
        <SelectField
          label={t('catalog.scrap.reason')}
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as ScrapReason | '')}
          error={touched ? problems.reason : null}
        >
          <option value="" disabled>
            —
          </option>
          {SCRAP_REASONS.map((r) => (
            <option key={r} value={r}>
              {label('reason', r)}
            </option>
          ))}
        </SelectField>
        <TextAreaField
          label={t('common.note')}
          name="note"
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          isOptional={reason !== 'other'}
          error={touched ? problems.note : null}
        />
        <TextField
          label={t('common.reference')}
          name="reference"
          value={reference}
          maxLength={200}
          onChange={(e) => setReference(e.target.value)}
          isOptional
        />
        <CodedError error={scrap.error} />
      </div>
    </Dialog>
  );
}
