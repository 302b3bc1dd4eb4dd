import { useId, useMemo, useState } from 'react';
import { newIdempotencyKey } from '../../api/idempotency';
import { useAdjustStock, useLocations } from '../../api/queries';
import { ADJUSTMENT_REASONS, type AdjustBody, type AdjustReason, type StockItem } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import {
  Button,
  Dialog,
  InlineError,
  RadioGroup,
  SelectField,
  TextAreaField,
  TextField,
  useToast,
} from '../../ui';

type Direction = 'in' | 'out';

/**
 * Adjusts the on-hand quantity of a SKU at one location with a reason code. The reasons offered follow
 * the direction (damage, theft and loss remove stock; found adds it), as the server requires; "other"
 * needs a note. The stock table changes at once and is corrected by the server's answer.
 */
export function AdjustStockDialog({
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
  const { t, label, number, signed } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const adjust = useAdjustStock(sku);
  const locations = useLocations(can('locations.read'));
  const listId = useId();
  const [key] = useState(newIdempotencyKey);
  const [location, setLocation] = useState(initialLocation);
  const [direction, setDirection] = useState<Direction>('out');
  const [qty, setQty] = useState('1');
  const [reason, setReason] = useState<AdjustReason | ''>('');
  const [note, setNote] = useState('');
  const [reference, setReference] = useState('');
  const [touched, setTouched] = useState(false);

  const reasons = ADJUSTMENT_REASONS.filter((r) => r.sign === 'both' || r.sign === direction);
  const suggestions = useMemo(() => {
    const physical = (locations.data ?? []).filter((l) => l.isPhysical && !l.isArchived).map((l) => l.code);
    return [...new Set([...stock.map((s) => s.location), ...physical])].sort();
  }, [locations.data, stock]);
  const here = stock.find((s) => s.location.toUpperCase() === location.trim().toUpperCase());

  const qtyNumber = Number(qty);
  const problems = {
    location: location.trim() === '' ? t('common.required') : null,
    qty: !Number.isInteger(qtyNumber) || qtyNumber < 1 ? '≥ 1' : null,
    reason: reason === '' ? t('common.required') : null,
    note: reason === 'other' && note.trim() === '' ? t('adjust.noteRequired') : null,
  };
  const hasProblem = Object.values(problems).some(Boolean);

  const submit = () => {
    setTouched(true);
    if (hasProblem || reason === '') return;
    const delta = direction === 'in' ? qtyNumber : -qtyNumber;
    const body: AdjustBody = {
      sku,
      location: location.trim(),
      delta,
      reason,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
    };
    adjust.mutate(
      { body, key },
      {
        onSuccess: () => {
          toast.success(
            t('adjust.done', {
              location: body.location,
              delta: signed(delta),
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
      title={t('adjust.title', { sku })}
      onClose={onClose}
      onSubmit={submit}
      isBusy={adjust.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={adjust.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={adjust.isPending}>
            {t('adjust.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('adjust.location')}
          name="location"
          list={listId}
          value={location}
          onChange={(e) => setLocation(e.target.value)}
          autoComplete="off"
          hint={
            here
              ? t('adjust.availableHere', { onHand: number(here.onHand), available: number(here.available) })
              : t('adjust.locationHint')
          }
          error={touched ? problems.location : null}
        />
        <datalist id={listId}>
          {suggestions.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <RadioGroup<Direction>
          legend={t('adjust.direction')}
          name="direction"
          value={direction}
          options={[
            { value: 'out', label: t('adjust.remove') },
            { value: 'in', label: t('adjust.add') },
          ]}
          onChange={(d) => {
            setDirection(d);
            const allowed = ADJUSTMENT_REASONS.find((r) => r.reason === reason);
            if (allowed && allowed.sign !== 'both' && allowed.sign !== d) setReason('');
          }}
        />
        <TextField
          label={t('adjust.qty')}
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
          label={t('adjust.reason')}
          name="reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as AdjustReason | '')}
          error={touched ? problems.reason : null}
        >
          <option value="" disabled>
            —
          </option>
          {reasons.map((r) => (
            <option key={r.reason} value={r.reason}>
              {label('reason', r.reason)}
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
        <InlineError error={adjust.error} />
      </div>
    </Dialog>
  );
}
