import { useState } from 'react';
import { newIdempotencyKey } from '../../api/idempotency';
import { type OrderAction, useOrderAction } from '../../api/queries';
import { type OrderLine, openQtyOf } from '../../api/types';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, InlineError, TextAreaField, TextField, useToast } from '../../ui';

/** Which dialog is open on the order page. */
export type OrderDialog =
  | { kind: 'hold' }
  | { kind: 'reallocate' }
  | { kind: 'cancelOrder' }
  | { kind: 'cancelLine'; line: OrderLine };

/**
 * The dialogs behind the order's actions. Each keeps one Idempotency-Key while it is open, so pressing
 * the button again after a network failure cannot do the action twice.
 */
export function OrderActionDialog({
  orderId,
  dialog,
  onClose,
}: {
  orderId: string;
  dialog: OrderDialog;
  onClose(): void;
}) {
  const { t, plural, label } = useI18n();
  const toast = useToast();
  const mutation = useOrderAction(orderId);
  const [key] = useState(newIdempotencyKey);
  const [reason, setReason] = useState('');
  const open = dialog.kind === 'cancelLine' ? openQtyOf(dialog.line) : 0;
  const [qty, setQty] = useState(String(open));
  const [touched, setTouched] = useState(false);

  const qtyNumber = Number(qty);
  const qtyProblem =
    dialog.kind === 'cancelLine' && (!Number.isInteger(qtyNumber) || qtyNumber < 1 || qtyNumber > open)
      ? `1 – ${open}`
      : null;
  const reasonRequired =
    dialog.kind === 'hold' || dialog.kind === 'cancelOrder' || dialog.kind === 'cancelLine';
  const reasonProblem = reasonRequired && reason.trim() === '' ? t('common.required') : null;

  const submit = () => {
    setTouched(true);
    if (qtyProblem || reasonProblem) return;
    const trimmed = reason.trim();
    let action: OrderAction;
    switch (dialog.kind) {
      case 'hold':
        action = { kind: 'hold', reason: trimmed };
        break;
      case 'reallocate':
        action = trimmed ? { kind: 'reallocate', reason: trimmed } : { kind: 'reallocate' };
        break;
      case 'cancelOrder':
        action = { kind: 'cancel', body: { reason: trimmed } };
        break;
      case 'cancelLine':
        action = {
          kind: 'cancel',
          body: { reason: trimmed, lines: [{ lineNo: dialog.line.lineNo, qty: qtyNumber }] },
        };
        break;
    }
    mutation.mutate(
      { action, key },
      {
        onSuccess: (order) => {
          switch (dialog.kind) {
            case 'hold':
              toast.success(t('order.actions.holdDone'));
              break;
            case 'reallocate':
              toast.success(t('order.actions.reallocateDone', { status: label('status', order.status) }));
              break;
            case 'cancelOrder':
              toast.success(t('order.actions.cancelOrderDone'));
              break;
            case 'cancelLine':
              toast.success(
                plural('order.actions.cancelLineDone', qtyNumber, { lineNo: dialog.line.lineNo }),
              );
              break;
          }
          onClose();
        },
      },
    );
  };

  const title =
    dialog.kind === 'hold'
      ? t('order.actions.holdTitle')
      : dialog.kind === 'reallocate'
        ? t('order.actions.reallocateTitle')
        : dialog.kind === 'cancelOrder'
          ? t('order.actions.cancelOrderTitle')
          : t('order.actions.cancelLineTitle', { lineNo: dialog.line.lineNo });
  const description =
    dialog.kind === 'hold'
      ? t('order.actions.holdHint')
      : dialog.kind === 'reallocate'
        ? t('order.actions.reallocateHint')
        : dialog.kind === 'cancelOrder'
          ? t('order.actions.cancelOrderHint')
          : t('order.actions.cancelLineHint', { sku: dialog.line.sku, open });
  const confirmLabel =
    dialog.kind === 'hold'
      ? t('order.actions.hold')
      : dialog.kind === 'reallocate'
        ? t('order.actions.reallocate')
        : dialog.kind === 'cancelOrder'
          ? t('order.actions.cancelOrder')
          : t('order.line.cancel');
  const isDestructive = dialog.kind === 'cancelOrder' || dialog.kind === 'cancelLine';

  return (
    <Dialog
      title={title}
      description={description}
      onClose={onClose}
      onSubmit={submit}
      isBusy={mutation.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={mutation.isPending}>
            {isDestructive ? t('order.actions.keep') : t('common.cancel')}
          </Button>
          <Button type="submit" variant={isDestructive ? 'danger' : 'primary'} isLoading={mutation.isPending}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="form">
        {dialog.kind === 'cancelLine' ? (
          <TextField
            label={t('order.actions.qtyToCancel')}
            type="number"
            inputMode="numeric"
            min={1}
            max={open}
            step={1}
            value={qty}
            onChange={(e) => setQty(e.target.value)}
            error={touched ? qtyProblem : null}
            name="qty"
          />
        ) : null}
        <TextAreaField
          label={t('common.reason')}
          name="reason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          error={touched ? reasonProblem : null}
          isOptional={!reasonRequired}
        />
        <InlineError error={mutation.error} />
      </div>
    </Dialog>
  );
}
