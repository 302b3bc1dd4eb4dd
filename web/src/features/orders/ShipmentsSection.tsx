import '../operations.css';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { newIdempotencyKey } from '../../api/idempotency';
import { type Shipment, useShipmentAction, useShipments } from '../../api/operations';
import type { OrderDetail } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  type Tone,
  useToast,
} from '../../ui';

const STATE_TONES: Readonly<Record<Shipment['status'], Tone>> = {
  open: 'info',
  packed: 'info',
  shipped: 'success',
  delivered: 'success',
  voided: 'muted',
};

/** Statuses in which an order may still have allocated units to put in a parcel. */
const SHIPPABLE = new Set([
  'allocated',
  'partially_allocated',
  'backordered',
  'in_fulfilment',
  'partially_shipped',
]);

type ShipmentDialog =
  | { kind: 'create'; warehouses: string[] | null }
  | { kind: 'ship'; shipment: Shipment }
  | { kind: 'void'; shipment: Shipment };

/**
 * The order's parcels: each shipment with its warehouse, contents and tracking, and the actions of its
 * state (ship, void, mark delivered). Creating one asks for a warehouse only when the server answers that
 * the order is allocated in several (warehouse_required).
 */
export function ShipmentsSection({ order }: { order: OrderDetail }) {
  const { t, dateTime, number } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const shipments = useShipments(order.id, can('shipments.read'));
  const action = useShipmentAction(order.id);
  const [dialog, setDialog] = useState<ShipmentDialog | null>(null);
  const canWrite = can('shipments.write');
  const freeUnits = order.lines.reduce((s, l) => s + l.qtyAllocated - l.qtyInFulfilment, 0);
  const canCreate = canWrite && !order.onHold && SHIPPABLE.has(order.status) && freeUnits > 0;

  if (!can('shipments.read')) return null;

  const deliver = (shipment: Shipment) =>
    action.mutate(
      { action: { kind: 'deliver', id: shipment.id }, key: newIdempotencyKey() },
      {
        onSuccess: () => toast.success(t('shipments.deliverDone')),
        onError: (e) => toast.error(e),
      },
    );

  return (
    <section className="section" aria-labelledby="shipments-title">
      <div className="section-header">
        <h2 id="shipments-title">{t('shipments.title')}</h2>
        {canCreate ? (
          <Button variant="primary" onClick={() => setDialog({ kind: 'create', warehouses: null })}>
            {t('shipments.create')}
          </Button>
        ) : null}
      </div>
      {shipments.isPending ? (
        <Loading />
      ) : shipments.isError ? (
        <ErrorState error={shipments.error} onRetry={() => void shipments.refetch()} />
      ) : shipments.data.length === 0 ? (
        <EmptyState title={t('shipments.none')} />
      ) : (
        <Table caption={t('shipments.title')} className="shipments-table">
          <thead>
            <tr>
              <th scope="col">{t('shipments.columns.shipment')}</th>
              <th scope="col">{t('shipments.columns.warehouse')}</th>
              <th scope="col">{t('shipments.columns.status')}</th>
              <th scope="col">{t('shipments.columns.contents')}</th>
              <th scope="col">{t('shipments.columns.carrier')}</th>
              <th scope="col">{t('shipments.columns.created')}</th>
              {canWrite ? (
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {shipments.data.map((s) => (
              <tr key={s.id} data-shipment={s.id} data-status={s.status}>
                <td className="mono small">{s.id}</td>
                <td>{s.warehouse}</td>
                <td>
                  <Badge tone={STATE_TONES[s.status]}>{t(`shipments.state.${s.status}`)}</Badge>
                  {s.voidReason ? (
                    <span className="block muted small">
                      {t('shipments.voided', { reason: s.voidReason })}
                    </span>
                  ) : null}
                </td>
                <td className="small">
                  {s.lines.map((l) => (
                    <span key={l.lineNo} className="block">
                      #{l.lineNo} <span className="mono">{l.sku}</span> × {number(l.qty)}
                    </span>
                  ))}
                </td>
                <td className="small">
                  {s.carrier ? (
                    <>
                      {s.carrier}
                      {s.service ? ` · ${s.service}` : ''}
                      {s.trackingNumber ? <span className="block mono">{s.trackingNumber}</span> : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="small">{dateTime(s.createdAt)}</td>
                {canWrite ? (
                  <td className="actions-cell">
                    {s.status === 'open' ? (
                      <>
                        <Button
                          size="sm"
                          variant="primary"
                          onClick={() => setDialog({ kind: 'ship', shipment: s })}
                          aria-label={t('shipments.shipLabel', { id: s.id })}
                        >
                          {t('shipments.ship')}
                        </Button>
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => setDialog({ kind: 'void', shipment: s })}
                          aria-label={t('shipments.voidLabel', { id: s.id })}
                        >
                          {t('shipments.void')}
                        </Button>
                      </>
                    ) : s.status === 'shipped' ? (
                      <Button
                        size="sm"
                        onClick={() => deliver(s)}
                        isLoading={
                          action.isPending &&
                          action.variables?.action.kind === 'deliver' &&
                          action.variables.action.id === s.id
                        }
                        aria-label={t('shipments.deliverLabel', { id: s.id })}
                      >
                        {t('shipments.deliver')}
                      </Button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {dialog?.kind === 'create' ? (
        <CreateShipmentDialog orderId={order.id} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'ship' ? (
        <ShipDialog orderId={order.id} shipment={dialog.shipment} onClose={() => setDialog(null)} />
      ) : dialog?.kind === 'void' ? (
        <VoidDialog orderId={order.id} shipment={dialog.shipment} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}

function warehousesOf(error: unknown): string[] | null {
  if (!(error instanceof ApiError) || error.code !== 'warehouse_required') return null;
  const list = error.details.warehouses;
  return Array.isArray(list) ? list.filter((w): w is string => typeof w === 'string') : null;
}

/**
 * Asks the server for a shipment of everything allocated; when it answers warehouse_required, offers the
 * warehouses it named and asks again with the chosen one.
 */
function CreateShipmentDialog({ orderId, onClose }: { orderId: string; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const action = useShipmentAction(orderId);
  const [key, setKey] = useState(newIdempotencyKey);
  const [warehouses, setWarehouses] = useState<string[] | null>(null);
  const [warehouse, setWarehouse] = useState('');

  const submit = () => {
    if (warehouses && !warehouse) return;
    action.mutate(
      { action: warehouse ? { kind: 'create', warehouse } : { kind: 'create' }, key },
      {
        onSuccess: (shipment) => {
          toast.success(t('shipments.createDone', { warehouse: shipment.warehouse }));
          onClose();
        },
        onError: (error) => {
          const named = warehousesOf(error);
          if (named) {
            setWarehouses(named);
            setWarehouse(named[0] ?? '');
            // A different request now: a new key, so the refused one is not replayed.
            setKey(newIdempotencyKey());
          }
        },
      },
    );
  };
  const error = warehousesOf(action.error) && warehouses ? null : action.error;

  return (
    <Dialog
      title={t('shipments.createTitle')}
      description={t('shipments.createHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={action.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={action.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={action.isPending} data-autofocus>
            {t('shipments.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        {warehouses ? (
          <>
            <p className="notice notice-warning">{t('shipments.warehouseRequired')}</p>
            <SelectField
              label={t('shipments.warehouse')}
              name="warehouse"
              value={warehouse}
              onChange={(e) => setWarehouse(e.target.value)}
            >
              {warehouses.map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </SelectField>
          </>
        ) : null}
        <InlineError error={error} />
      </div>
    </Dialog>
  );
}

function ShipDialog({
  orderId,
  shipment,
  onClose,
}: {
  orderId: string;
  shipment: Shipment;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const action = useShipmentAction(orderId);
  const [key] = useState(newIdempotencyKey);
  const [carrier, setCarrier] = useState('');
  const [service, setService] = useState('');
  const [tracking, setTracking] = useState('');
  const [touched, setTouched] = useState(false);
  const carrierProblem = carrier.trim() === '' ? t('common.required') : null;

  const submit = () => {
    setTouched(true);
    if (carrierProblem) return;
    action.mutate(
      {
        action: {
          kind: 'ship',
          id: shipment.id,
          body: {
            carrier: carrier.trim(),
            ...(service.trim() ? { service: service.trim() } : {}),
            ...(tracking.trim() ? { trackingNumber: tracking.trim() } : {}),
          },
        },
        key,
      },
      {
        onSuccess: () => {
          toast.success(t('shipments.shipDone'));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('shipments.shipTitle')}
      description={t('shipments.shipHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={action.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={action.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={action.isPending}>
            {t('shipments.ship')}
          </Button>
        </>
      }
    >
      <div className="form">
        <p className="mono small">{shipment.id}</p>
        <TextField
          label={t('shipments.carrier')}
          name="carrier"
          value={carrier}
          maxLength={64}
          onChange={(e) => setCarrier(e.target.value)}
          error={touched ? carrierProblem : null}
        />
        <TextField
          label={t('shipments.service')}
          name="service"
          value={service}
          maxLength={64}
          onChange={(e) => setService(e.target.value)}
          isOptional
        />
        <TextField
          label={t('shipments.tracking')}
          name="trackingNumber"
          value={tracking}
          maxLength={100}
          onChange={(e) => setTracking(e.target.value)}
          isOptional
        />
        <InlineError error={action.error} />
      </div>
    </Dialog>
  );
}

function VoidDialog({
  orderId,
  shipment,
  onClose,
}: {
  orderId: string;
  shipment: Shipment;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const action = useShipmentAction(orderId);
  const [key] = useState(newIdempotencyKey);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const reasonProblem = reason.trim() === '' ? t('common.required') : null;

  const submit = () => {
    setTouched(true);
    if (reasonProblem) return;
    action.mutate(
      { action: { kind: 'void', id: shipment.id, reason: reason.trim() }, key },
      {
        onSuccess: () => {
          toast.success(t('shipments.voidDone'));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('shipments.voidTitle')}
      description={t('shipments.voidHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={action.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={action.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="danger" isLoading={action.isPending}>
            {t('shipments.void')}
          </Button>
        </>
      }
    >
      <div className="form">
        <p className="mono small">{shipment.id}</p>
        <TextAreaField
          label={t('common.reason')}
          name="reason"
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          error={touched ? reasonProblem : null}
        />
        <InlineError error={action.error} />
      </div>
    </Dialog>
  );
}
