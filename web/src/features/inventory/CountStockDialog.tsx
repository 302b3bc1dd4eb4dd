import '../operations.css';
import { useId, useMemo, useState } from 'react';
import { apiErrorMessage } from '../../api/error-messages';
import { ApiError } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { useCountStock } from '../../api/operations';
import { useLocations } from '../../api/queries';
import type { StockItem } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, InlineError, TextAreaField, TextField, useToast } from '../../ui';

/**
 * Records a physical count at one location. The on-hand figure the counter started from goes with it as
 * expectedQty: if the stock moved meanwhile the server refuses (409 expected_quantity_mismatch), nothing is
 * written, and the dialog says so and starts again from the current figure, so two counters never
 * overwrite each other's work.
 */
export function CountStockDialog({
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
  const { t, number, signed } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const count = useCountStock(sku);
  const locations = useLocations(can('locations.read'));
  const listId = useId();
  const [key, setKey] = useState(newIdempotencyKey);
  const [location, setLocation] = useState(initialLocation);
  const [counted, setCounted] = useState('');
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  // The figure the counter started from, per location; replaced by the server's after a mismatch.
  const [expectedOverride, setExpectedOverride] = useState<{ location: string; qty: number } | null>(null);

  const suggestions = useMemo(() => {
    const physical = (locations.data ?? []).filter((l) => l.isPhysical && !l.isArchived).map((l) => l.code);
    return [...new Set([...stock.map((s) => s.location), ...physical])].sort();
  }, [locations.data, stock]);
  const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
  const here = stock.find((s) => same(s.location, location));
  const expected =
    expectedOverride && same(expectedOverride.location, location)
      ? expectedOverride.qty
      : (here?.onHand ?? 0);

  const countedNumber = Number(counted);
  const problems = {
    location: location.trim() === '' ? t('common.required') : null,
    counted: counted.trim() === '' || !Number.isInteger(countedNumber) || countedNumber < 0 ? '≥ 0' : null,
  };

  const mismatch =
    count.error instanceof ApiError && count.error.code === 'expected_quantity_mismatch' ? count.error : null;
  const belowReserved =
    count.error instanceof ApiError && count.error.code === 'count_below_reserved' ? count.error : null;

  const submit = () => {
    setTouched(true);
    if (problems.location || problems.counted) return;
    const body = {
      sku,
      location: location.trim(),
      countedQty: countedNumber,
      expectedQty: expected,
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    count.mutate(
      { body, key },
      {
        onSuccess: (result) => {
          toast.success(
            t('count.done', {
              location: result.count.location,
              counted: number(result.count.countedQty),
              delta: signed(result.count.delta),
            }),
          );
          onClose();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'expected_quantity_mismatch') {
            const current = error.details.currentQty;
            if (typeof current === 'number') setExpectedOverride({ location: location.trim(), qty: current });
            // The recount is a new request.
            setKey(newIdempotencyKey());
          }
        },
      },
    );
  };

  return (
    <Dialog
      title={t('count.title', { sku })}
      description={t('count.hint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={count.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={count.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={count.isPending}>
            {t('count.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('count.location')}
          name="location"
          list={listId}
          value={location}
          autoComplete="off"
          onChange={(e) => setLocation(e.target.value)}
          hint={
            here || expectedOverride
              ? t('count.expected', { qty: number(expected) })
              : location.trim()
                ? t('count.unknownHere')
                : t('adjust.locationHint')
          }
          error={touched ? problems.location : null}
        />
        <datalist id={listId}>
          {suggestions.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <TextField
          label={t('count.counted')}
          name="countedQty"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={counted}
          onChange={(e) => setCounted(e.target.value)}
          error={touched ? problems.counted : null}
        />
        <TextAreaField
          label={t('common.note')}
          name="note"
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          isOptional
        />
        {mismatch ? (
          <div className="notice notice-danger" role="alert" data-code="expected_quantity_mismatch">
            <p className="strong">{t('count.mismatchTitle')}</p>
            <p>
              {t('count.mismatch', {
                location: String(mismatch.details.location ?? location),
                current: String(mismatch.details.currentQty ?? '?'),
                expected: String(mismatch.details.expectedQty ?? '?'),
              })}
            </p>
          </div>
        ) : belowReserved ? (
          <div className="notice notice-danger" role="alert" data-code="count_below_reserved">
            <p className="strong">{t('count.belowReservedTitle')}</p>
            <p>{apiErrorMessage(belowReserved)}</p>
          </div>
        ) : (
          <InlineError error={count.error} />
        )}
      </div>
    </Dialog>
  );
}
