import { useId, useMemo, useState } from 'react';
import { newIdempotencyKey } from '../../api/idempotency';
import { type TransferBody, useTransferStock } from '../../api/operations';
import { useLocations } from '../../api/queries';
import type { StockItem } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, InlineError, RadioGroup, TextAreaField, TextField, useToast } from '../../ui';

type Via = 'direct' | 'transit';

/**
 * Moves units of a SKU from one location to another: directly (one move, at once), or through the
 * warehouse's in-transit location when the stock travels between warehouses and is received later.
 * Transfers take no reason code (the API has none); a reference and a note say why.
 */
export function TransferStockDialog({
  sku,
  initialFrom,
  stock,
  onClose,
}: {
  sku: string;
  initialFrom: string;
  stock: readonly StockItem[];
  onClose(): void;
}) {
  const { t, number } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const transfer = useTransferStock(sku);
  const locations = useLocations(can('locations.read'));
  const fromList = useId();
  const toList = useId();
  const [key] = useState(newIdempotencyKey);
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState('');
  const [qty, setQty] = useState('1');
  const [via, setVia] = useState<Via>('direct');
  const [note, setNote] = useState('');
  const [reference, setReference] = useState('');
  const [touched, setTouched] = useState(false);

  const physical = useMemo(
    () =>
      (locations.data ?? [])
        .filter((l) => l.isPhysical && !l.isArchived)
        .map((l) => l.code)
        .sort(),
    [locations.data],
  );
  const sources = useMemo(() => stock.filter((s) => s.available > 0).map((s) => s.location), [stock]);
  const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
  const here = stock.find((s) => same(s.location, from));

  const qtyNumber = Number(qty);
  const problems = {
    from: from.trim() === '' ? t('common.required') : null,
    to: to.trim() === '' ? t('common.required') : same(from, to) ? t('transfer.same') : null,
    qty: !Number.isInteger(qtyNumber) || qtyNumber < 1 ? '≥ 1' : null,
  };
  const hasProblem = Object.values(problems).some(Boolean);

  const submit = () => {
    setTouched(true);
    if (hasProblem) return;
    const body: TransferBody = {
      sku,
      from: from.trim(),
      to: to.trim(),
      qty: qtyNumber,
      via,
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
    };
    transfer.mutate(
      { body, key },
      {
        onSuccess: () => {
          const vars = { qty: number(qtyNumber), from: body.from, to: body.to };
          toast.success(via === 'transit' ? t('transfer.doneTransit', vars) : t('transfer.done', vars));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('transfer.title', { sku })}
      onClose={onClose}
      onSubmit={submit}
      isBusy={transfer.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={transfer.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={transfer.isPending}>
            {t('transfer.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('transfer.from')}
          name="from"
          list={fromList}
          value={from}
          autoComplete="off"
          onChange={(e) => setFrom(e.target.value)}
          hint={
            here
              ? t('transfer.availableHere', { available: number(here.available) })
              : t('adjust.locationHint')
          }
          error={touched ? problems.from : null}
        />
        <datalist id={fromList}>
          {sources.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <TextField
          label={t('transfer.to')}
          name="to"
          list={toList}
          value={to}
          autoComplete="off"
          onChange={(e) => setTo(e.target.value)}
          hint={t('adjust.locationHint')}
          error={touched ? problems.to : null}
        />
        <datalist id={toList}>
          {physical.map((code) => (
            <option key={code} value={code} />
          ))}
        </datalist>
        <TextField
          label={t('transfer.qty')}
          name="qty"
          type="number"
          inputMode="numeric"
          min={1}
          step={1}
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          error={touched ? problems.qty : null}
        />
        <RadioGroup<Via>
          legend={t('transfer.via')}
          name="via"
          value={via}
          options={[
            { value: 'direct', label: t('transfer.direct') },
            { value: 'transit', label: t('transfer.transit') },
          ]}
          onChange={setVia}
        />
        <TextAreaField
          label={t('common.note')}
          name="note"
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          isOptional
        />
        <TextField
          label={t('common.reference')}
          name="reference"
          value={reference}
          maxLength={200}
          onChange={(e) => setReference(e.target.value)}
          isOptional
        />
        <InlineError error={transfer.error} />
      </div>
    </Dialog>
  );
}
