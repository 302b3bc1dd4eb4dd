import '../operations.css';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { type EditBody, useEditOrder } from '../../api/operations';
import { type OrderDetail, openQtyOf } from '../../api/types';
import { currencyExponent } from '../../i18n/format';
import { useI18n } from '../../i18n/i18n';
import { Button, CheckboxField, Dialog, InlineError, TextAreaField, TextField, useToast } from '../../ui';

interface NewLine {
  id: number;
  sku: string;
  qty: string;
  price: string;
}

const ADDRESS_FIELDS = ['name', 'line1', 'line2', 'postalCode', 'city', 'region', 'country'] as const;
type AddressField = (typeof ADDRESS_FIELDS)[number];
const REQUIRED_ADDRESS: ReadonlySet<AddressField> = new Set(['name', 'line1', 'city', 'country']);

/** "12.50" in a currency with 2 decimals → 1250; null when it is not such a number. */
function toMinor(text: string, exponent: number): number | null {
  const value = text.trim().replace(',', '.');
  const pattern = exponent === 0 ? /^\d+$/ : new RegExp(`^\\d+(\\.\\d{1,${exponent}})?$`);
  if (!pattern.test(value)) return null;
  const [whole = '0', fraction = ''] = value.split('.');
  return Number(whole) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

function addressOf(value: unknown): Record<AddressField, string> {
  const a = (typeof value === 'object' && value !== null ? value : {}) as Partial<
    Record<AddressField, unknown>
  >;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    name: text(a.name),
    line1: text(a.line1),
    line2: text(a.line2),
    postalCode: text(a.postalCode),
    city: text(a.city),
    region: text(a.region),
    country: text(a.country),
  };
}

/**
 * Edits an order: new quantities, removed lines, added lines and a new address, in one request carrying
 * the version the dialog was opened with, so an edit never silently overwrites someone else's
 * (409 version_conflict is shown as such, with a way to reload). Lines with units in an open shipment
 * cannot change: the server refuses it (units_in_fulfilment), and the dialog says so beforehand.
 */
export function EditOrderDialog({ order, onClose }: { order: OrderDetail; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const edit = useEditOrder(order.id);
  const [key] = useState(newIdempotencyKey);
  const [version] = useState(order.version);
  const [qtys, setQtys] = useState<Record<number, string>>(() =>
    Object.fromEntries(order.lines.map((l) => [l.lineNo, String(l.qtyOrdered)])),
  );
  const [removed, setRemoved] = useState<ReadonlySet<number>>(new Set());
  const [added, setAdded] = useState<NewLine[]>([]);
  const [nextId, setNextId] = useState(1);
  const [isAddressOpen, setAddressOpen] = useState(false);
  const [address, setAddress] = useState(() => addressOf(order.shipTo));
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const exponent = currencyExponent(order.currency);

  const live = order.lines.filter((l) => openQtyOf(l) > 0);
  const problems: Record<string, string | null> = {};
  const changeLines: NonNullable<EditBody['changeLines']> = [];
  for (const line of live) {
    if (removed.has(line.lineNo)) continue;
    const qty = Number(qtys[line.lineNo]);
    const floor = Math.max(1, line.qtyShipped + line.qtyCancelled);
    if (!Number.isInteger(qty) || qty < floor) problems[`qty-${line.lineNo}`] = `≥ ${floor}`;
    else if (qty !== line.qtyOrdered) changeLines.push({ lineNo: line.lineNo, qty });
  }
  const addLines: NonNullable<EditBody['addLines']> = [];
  for (const n of added) {
    const qty = Number(n.qty);
    const price = toMinor(n.price, exponent);
    if (n.sku.trim() === '') problems[`sku-${n.id}`] = t('common.required');
    if (!Number.isInteger(qty) || qty < 1) problems[`newqty-${n.id}`] = '≥ 1';
    if (price === null) problems[`price-${n.id}`] = t('orderEdit.invalidPrice');
    if (n.sku.trim() && Number.isInteger(qty) && qty >= 1 && price !== null) {
      addLines.push({ sku: n.sku.trim(), qty, unitPriceMinor: price });
    }
  }
  if (isAddressOpen) {
    for (const f of REQUIRED_ADDRESS)
      if (address[f].trim() === '') problems[`addr-${f}`] = t('common.required');
    if (address.country.trim() && !/^[A-Z]{2}$/.test(address.country.trim().toUpperCase()))
      problems['addr-country'] = 'FR, BE, DE…';
  }
  if (reason.trim() === '') problems.reason = t('common.required');
  const removeLines = [...removed].sort((a, b) => a - b);
  const hasChange = changeLines.length > 0 || removeLines.length > 0 || added.length > 0 || isAddressOpen;
  const hasProblem = Object.values(problems).some(Boolean);

  const submit = () => {
    setTouched(true);
    if (hasProblem || !hasChange) return;
    const shipTo = Object.fromEntries(
      ADDRESS_FIELDS.map((f) => [
        f,
        f === 'country' ? address[f].trim().toUpperCase() : address[f].trim(),
      ]).filter(([, v]) => v !== ''),
    ) as NonNullable<EditBody['shipTo']>;
    const body: EditBody = {
      reason: reason.trim(),
      version,
      ...(changeLines.length > 0 ? { changeLines } : {}),
      ...(removeLines.length > 0 ? { removeLines } : {}),
      ...(addLines.length > 0 ? { addLines } : {}),
      ...(isAddressOpen ? { shipTo } : {}),
    };
    edit.mutate(
      { body, key },
      {
        onSuccess: () => {
          toast.success(t('orderEdit.done'));
          onClose();
        },
      },
    );
  };

  const conflict =
    edit.error instanceof ApiError && edit.error.code === 'version_conflict' ? edit.error : null;
  const err = (name: string) => (touched ? (problems[name] ?? null) : null);

  return (
    <Dialog
      title={t('orderEdit.title', { id: order.externalId })}
      description={t('orderEdit.hint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={edit.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={edit.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={edit.isPending} disabled={conflict !== null}>
            {t('orderEdit.submit')}
          </Button>
        </>
      }
    >
      <div className="form edit-order">
        {conflict ? (
          <div className="notice notice-danger" role="alert" data-code="version_conflict">
            <p className="strong">{t('orderEdit.conflictTitle')}</p>
            <p>
              {t('orderEdit.conflict', {
                yours: version,
                current: String(conflict.details.currentVersion ?? '?'),
              })}
            </p>
            <Button size="sm" onClick={onClose}>
              {t('orderEdit.reload')}
            </Button>
          </div>
        ) : null}
        <fieldset className="field edit-lines">
          <legend>{t('orderEdit.linesTitle')}</legend>
          {live.map((line) => {
            const isRemoved = removed.has(line.lineNo);
            const isLocked = line.qtyInFulfilment > 0;
            return (
              <div
                key={line.lineNo}
                className={`edit-line${isRemoved ? ' is-removed' : ''}`}
                data-line={line.lineNo}
              >
                <TextField
                  label={t('orderEdit.qtyLabel', { lineNo: line.lineNo, sku: line.sku })}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={isRemoved ? '0' : (qtys[line.lineNo] ?? '')}
                  disabled={isRemoved || isLocked}
                  onChange={(e) => setQtys((old) => ({ ...old, [line.lineNo]: e.target.value }))}
                  error={err(`qty-${line.lineNo}`)}
                  hint={isLocked ? t('orderEdit.locked', { count: line.qtyInFulfilment }) : undefined}
                />
                {isLocked ? null : (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() =>
                      setRemoved((old) => {
                        const next = new Set(old);
                        if (isRemoved) next.delete(line.lineNo);
                        else next.add(line.lineNo);
                        return next;
                      })
                    }
                    aria-label={
                      isRemoved
                        ? t('orderEdit.keepLabel', { lineNo: line.lineNo })
                        : t('orderEdit.removeLabel', { lineNo: line.lineNo })
                    }
                  >
                    {isRemoved ? t('orderEdit.keep') : t('orderEdit.remove')}
                  </Button>
                )}
              </div>
            );
          })}
          {added.map((n) => (
            <div key={n.id} className="edit-line edit-line-new">
              <TextField
                label={t('orderEdit.newSku')}
                value={n.sku}
                autoComplete="off"
                onChange={(e) =>
                  setAdded((old) => old.map((x) => (x.id === n.id ? { ...x, sku: e.target.value } : x)))
                }
                error={err(`sku-${n.id}`)}
              />
              <TextField
                label={t('orderEdit.newQty')}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                value={n.qty}
                onChange={(e) =>
                  setAdded((old) => old.map((x) => (x.id === n.id ? { ...x, qty: e.target.value } : x)))
                }
                error={err(`newqty-${n.id}`)}
              />
              <TextField
                label={t('orderEdit.newPrice', { currency: order.currency })}
                inputMode="decimal"
                value={n.price}
                onChange={(e) =>
                  setAdded((old) => old.map((x) => (x.id === n.id ? { ...x, price: e.target.value } : x)))
                }
                error={err(`price-${n.id}`)}
              />
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setAdded((old) => old.filter((x) => x.id !== n.id))}
                aria-label={t('orderEdit.dropNew')}
              >
                ×
              </Button>
            </div>
          ))}
          <div>
            <Button
              size="sm"
              onClick={() => {
                setAdded((old) => [...old, { id: nextId, sku: '', qty: '1', price: '' }]);
                setNextId((n) => n + 1);
              }}
            >
              + {t('orderEdit.addLine')}
            </Button>
          </div>
        </fieldset>
        <CheckboxField
          label={t('orderEdit.changeAddress')}
          checked={isAddressOpen}
          onChange={(e) => setAddressOpen(e.target.checked)}
        />
        {isAddressOpen ? (
          <div className="edit-address">
            {ADDRESS_FIELDS.map((f) => (
              <TextField
                key={f}
                label={t(`orderEdit.address.${f}`)}
                name={f}
                value={address[f]}
                maxLength={f === 'country' ? 2 : 200}
                onChange={(e) => setAddress((old) => ({ ...old, [f]: e.target.value }))}
                isOptional={!REQUIRED_ADDRESS.has(f)}
                error={err(`addr-${f}`)}
              />
            ))}
          </div>
        ) : null}
        <TextAreaField
          label={t('common.reason')}
          name="reason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          error={err('reason')}
        />
        {touched && !hasChange ? <p className="field-error">{t('orderEdit.nothing')}</p> : null}
        {conflict ? null : <InlineError error={edit.error} />}
      </div>
    </Dialog>
  );
}
