import { useId, useMemo, useState } from 'react';
import { type ReceiptBody, useReceiveStock } from '../../api/catalog';
import { newIdempotencyKey } from '../../api/idempotency';
import { useLocations } from '../../api/queries';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, TextAreaField, TextField, useToast } from '../../ui';
import { CodedError } from './CodedError';

/**
 * Receives units of a SKU into a location (from the supplier). Opened from a SKU's page (the SKU fixed)
 * or from a bin in the locations tree (the location fixed, the SKU typed).
 */
export function ReceiveStockDialog({
  sku: fixedSku,
  initialLocation,
  onClose,
}: {
  sku?: string;
  initialLocation: string;
  onClose(): void;
}) {
  const { t, number } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const receive = useReceiveStock();
  const locations = useLocations(can('locations.read'));
  const listId = useId();
  const [key] = useState(newIdempotencyKey);
  const [sku, setSku] = useState(fixedSku ?? '');
  const [location, setLocation] = useState(initialLocation);
  const [qty, setQty] = useState('1');
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const physical = useMemo(
    () =>
      (locations.data ?? [])
        .filter((l) => l.isPhysical && !l.isArchived)
        .map((l) => l.code)
        .sort(),
    [locations.data],
  );

  const qtyNumber = Number(qty);
  const problems = {
    sku: sku.trim() === '' ? t('common.required') : null,
    location: location.trim() === '' ? t('common.required') : null,
    qty: !Number.isInteger(qtyNumber) || qtyNumber < 1 ? '≥ 1' : null,
  };

  const submit = () => {
    setTouched(true);
    if (Object.values(problems).some(Boolean)) return;
    const body: ReceiptBody = {
      sku: sku.trim(),
      location: location.trim(),
      qty: qtyNumber,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    receive.mutate(
      { body, key },
      {
        onSuccess: () => {
          toast.success(t('catalog.receive.done', { location: body.location, qty: number(qtyNumber) }));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={
        fixedSku
          ? t('catalog.receive.title', { sku: fixedSku })
          : t('catalog.receive.titleAt', { location: initialLocation })
      }
      onClose={onClose}
      onSubmit={submit}
      isBusy={receive.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={receive.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={receive.isPending}>
            {t('catalog.receive.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        {fixedSku ? null : (
          <TextField
            label={t('catalog.receive.sku')}
            name="sku"
            value={sku}
            autoComplete="off"
            maxLength={64}
            onChange={(e) => setSku(e.target.value)}
            error={touched ? problems.sku : null}
          />
        )}
        <TextField
          label={t('catalog.receive.location')}
          name="location"
          list={listId}
          value={location}
          autoComplete="off"
          onChange={(e) => setLocation(e.target.value)}
          hint={t('adjust.locationHint')}
          error={touched ? problems.location : null}
        />
        <datalist id={listId}>
          {physical.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <TextField
          label={t('catalog.receive.qty')}
          name="qty"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          error={touched ? problems.qty : null}
        />
        <TextField
          label={t('common.reference')}
          name="reference"
          value={reference}
          maxLength={200}
          onChange={(e) => setReference(e.target.value)}
          isOptional
        />
        <TextAreaField
          label={t('common.note')}
          name="note"
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          isOptional
        />
        <CodedError error={receive.error} />
      </div>
    </Dialog>
  );
}
