import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { newIdempotencyKey } from '../../api/idempotency';
import { useOrder, useOrderAction } from '../../api/queries';
import { CANCELLABLE_STATUSES, type OrderDetail, type OrderEvent, openQtyOf } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Badge, Button, EmptyState, ErrorState, Loading, StatusBadge, Table, useToast } from '../../ui';
import { EditOrderDialog } from './EditOrderDialog';
import { OrderActionDialog, type OrderDialog } from './OrderActionDialogs';
import { ShipmentsSection } from './ShipmentsSection';

interface Address {
  name?: string;
  company?: string;
  line1?: string;
  line2?: string;
  postalCode?: string;
  city?: string;
  region?: string;
  country?: string;
}

function addressLines(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  const a = value as Address;
  return [
    a.name,
    a.company,
    a.line1,
    a.line2,
    [a.postalCode, a.city].filter(Boolean).join(' '),
    [a.region, a.country].filter(Boolean).join(', '),
  ].filter((line): line is string => Boolean(line));
}

/**
 * One order: its lines and their quantity buckets, where the stock is held and why, what happened to it,
 * and what may be done next (hold, release, reallocate, cancel it or some units of a line).
 */
export function OrderPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const order = useOrder(id);
  useDocumentTitle(order.data ? t('order.title', { id: order.data.externalId }) : t('orders.title'));

  if (order.isPending) return <Loading />;
  if (order.isError) {
    const notFound = (order.error as { status?: number }).status === 404;
    return (
      <div className="page">
        <BackLink />
        {notFound ? (
          <EmptyState title={t('errors.notFoundTitle')}>
            <p>{t('order.notFound')}</p>
          </EmptyState>
        ) : (
          <ErrorState error={order.error} onRetry={() => void order.refetch()} />
        )}
      </div>
    );
  }
  return <OrderView order={order.data} />;
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/orders" className="back-link">
      ← {t('order.backToList')}
    </Link>
  );
}

function OrderView({ order }: { order: OrderDetail }) {
  const { t, label, dateTime, money, number } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const [dialog, setDialog] = useState<OrderDialog | null>(null);
  const [isEditing, setEditing] = useState(false);
  const action = useOrderAction(order.id);
  const canWrite = can('orders.write');
  const isCancellable = CANCELLABLE_STATUSES.has(order.status);
  const shipTo = addressLines(order.shipTo);

  const release = () =>
    action.mutate(
      { action: { kind: 'release' }, key: newIdempotencyKey() },
      {
        onSuccess: () => toast.success(t('order.actions.releaseDone')),
        onError: (e) => toast.error(e),
      },
    );

  return (
    <div className="page">
      <BackLink />
      <div className="page-header">
        <div>
          <h1>{t('order.title', { id: order.externalId })}</h1>
          <div className="badges">
            <span data-testid="order-status">
              <StatusBadge status={order.status} />
            </span>
            {order.onHold ? <Badge tone="danger">{t('orders.onHold')}</Badge> : null}
            <span className="muted small mono">{order.id}</span>
          </div>
        </div>
        {canWrite ? (
          <div className="toolbar">
            {order.onHold ? (
              <Button
                onClick={release}
                isLoading={action.isPending && action.variables?.action.kind === 'release'}
              >
                {t('order.actions.release')}
              </Button>
            ) : (
              <Button onClick={() => setDialog({ kind: 'hold' })} disabled={!isCancellable}>
                {t('order.actions.hold')}
              </Button>
            )}
            <Button onClick={() => setEditing(true)} disabled={!isCancellable}>
              {t('orderEdit.open')}
            </Button>
            <Button onClick={() => setDialog({ kind: 'reallocate' })} disabled={!isCancellable}>
              {t('order.actions.reallocate')}
            </Button>
            <Button
              variant="danger"
              onClick={() => setDialog({ kind: 'cancelOrder' })}
              disabled={!isCancellable}
            >
              {t('order.actions.cancelOrder')}
            </Button>
          </div>
        ) : null}
      </div>

      {order.onHold && order.holdReason ? (
        <p className="notice notice-danger">{t('order.holdReason', { reason: order.holdReason })}</p>
      ) : null}
      {order.flags.length > 0 ? (
        <div className="notice notice-warning">
          <p className="strong">{t('order.flags')}</p>
          <ul>
            {order.flags.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      ) : null}

      <section className="card">
        <dl className="facts">
          <div>
            <dt>{t('order.channel')}</dt>
            <dd>{order.channel}</dd>
          </div>
          <div>
            <dt>{t('order.placed')}</dt>
            <dd>{dateTime(order.placedAt)}</dd>
          </div>
          {order.promisedAt ? (
            <div>
              <dt>{t('order.promised')}</dt>
              <dd>{dateTime(order.promisedAt)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('order.customer')}</dt>
            <dd>
              {order.customer ? (
                <>
                  {order.customer.name ?? '—'}
                  {order.customer.email ? (
                    <span className="block muted small">{order.customer.email}</span>
                  ) : null}
                </>
              ) : (
                '—'
              )}
            </dd>
          </div>
          <div>
            <dt>{t('order.shipTo')}</dt>
            <dd>
              {shipTo.length > 0
                ? shipTo.map((line) => (
                    <span key={line} className="block">
                      {line}
                    </span>
                  ))
                : '—'}
            </dd>
          </div>
          <div>
            <dt>{t('order.payment')}</dt>
            <dd>{label('payment', order.paymentStatus)}</dd>
          </div>
          {order.shippingMethod ? (
            <div>
              <dt>{t('order.shippingMethod')}</dt>
              <dd>{order.shippingMethod}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('order.total')}</dt>
            <dd className="strong">{money(order.totals.totalMinor, order.currency)}</dd>
          </div>
        </dl>
        {order.notes ? (
          <p className="small">
            <span className="strong">{t('order.notes')}: </span>
            {order.notes}
          </p>
        ) : null}
      </section>

      <section className="section" aria-labelledby="lines-title">
        <h2 id="lines-title">{t('order.linesTitle')}</h2>
        <Table caption={t('order.linesTitle')} className="lines-table">
          <thead>
            <tr>
              <th scope="col">{t('order.line.no')}</th>
              <th scope="col">{t('order.line.sku')}</th>
              <th scope="col" className="num">
                {t('order.line.ordered')}
              </th>
              <th scope="col" className="num">
                {t('order.line.allocated')}
              </th>
              <th scope="col" className="num">
                {t('shipments.inFulfilment')}
              </th>
              <th scope="col" className="num">
                {t('order.line.backordered')}
              </th>
              <th scope="col" className="num">
                {t('order.line.shipped')}
              </th>
              <th scope="col" className="num">
                {t('order.line.cancelled')}
              </th>
              <th scope="col" className="num">
                {t('order.line.returned')}
              </th>
              <th scope="col" className="num">
                {t('order.line.unitPrice')}
              </th>
              <th scope="col">{t('order.line.from')}</th>
              {canWrite ? (
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => {
              const open = openQtyOf(line);
              return (
                <tr key={line.lineNo} data-line={line.lineNo}>
                  <td>{line.lineNo}</td>
                  <td>
                    {can('catalog.read') ? (
                      <Link to={`/skus/${encodeURIComponent(line.sku)}`} className="mono">
                        {line.sku}
                      </Link>
                    ) : (
                      <span className="mono">{line.sku}</span>
                    )}
                    {line.title ? <span className="block muted small">{line.title}</span> : null}
                  </td>
                  <td className="num" data-testid={`ordered-${line.lineNo}`}>
                    {number(line.qtyOrdered)}
                  </td>
                  <td className="num">{number(line.qtyAllocated)}</td>
                  <td className="num" data-testid={`in-fulfilment-${line.lineNo}`}>
                    {number(line.qtyInFulfilment)}
                  </td>
                  <td className={`num${line.qtyBackordered > 0 ? ' text-warning' : ''}`}>
                    {number(line.qtyBackordered)}
                  </td>
                  <td className="num" data-testid={`shipped-${line.lineNo}`}>
                    {number(line.qtyShipped)}
                  </td>
                  <td className="num" data-testid={`cancelled-${line.lineNo}`}>
                    {number(line.qtyCancelled)}
                  </td>
                  <td className="num">{number(line.qtyReturned)}</td>
                  <td className="num">{money(line.unitPriceMinor, order.currency)}</td>
                  <td>
                    {line.allocations.length > 0
                      ? line.allocations.map((a) => (
                          <span key={`${a.location}-${a.reservationId}`} className="block small">
                            <span className="mono">{a.location}</span> × {number(a.qty)}
                          </span>
                        ))
                      : '—'}
                  </td>
                  {canWrite ? (
                    <td className="actions-cell">
                      {open > 0 && isCancellable ? (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => setDialog({ kind: 'cancelLine', line })}
                          aria-label={t('order.line.cancelLabel', { lineNo: line.lineNo, sku: line.sku })}
                        >
                          {t('order.line.cancel')}
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </Table>
      </section>

      <ShipmentsSection order={order} />

      <div className="two-columns">
        <section className="section card" aria-labelledby="allocation-title">
          <h2 id="allocation-title">{t('order.allocationTitle')}</h2>
          {order.allocation ? (
            <>
              <p className="badges">
                <StatusBadge status={order.allocation.status} />
                {order.allocation.warehouses.length > 0 ? (
                  <span className="muted small">
                    {t('order.allocationWarehouses', { list: order.allocation.warehouses.join(', ') })}
                  </span>
                ) : null}
              </p>
              <ul className="explanation">
                {order.allocation.explanation.map((line, i) => (
                  // The explanation is an ordered list of sentences; the same sentence may repeat.
                  // biome-ignore lint/suspicious/noArrayIndexKey: sentences have no identity of their own.
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">{t('order.noAllocation')}</p>
          )}
        </section>

        <section className="section card" aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('order.timelineTitle')}</h2>
          <Timeline events={order.timeline} />
        </section>
      </div>

      {isEditing ? <EditOrderDialog order={order} onClose={() => setEditing(false)} /> : null}
      {dialog ? (
        <OrderActionDialog orderId={order.id} dialog={dialog} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

function Timeline({ events }: { events: OrderEvent[] }) {
  const { t, label, dateTime } = useI18n();
  const actorLabel = useActorLabel();
  if (events.length === 0) return <p className="muted">{t('order.noTimeline')}</p>;
  const newestFirst = [...events].sort((a, b) => b.seq - a.seq);
  return (
    <ol className="timeline">
      {newestFirst.map((e) => (
        <li key={e.seq} className={`timeline-item timeline-${e.event}`}>
          <div className="timeline-head">
            <span className="strong">{label('event', e.event)}</span>
            <time dateTime={e.occurredAt} className="muted small">
              {dateTime(e.occurredAt)}
            </time>
          </div>
          {e.fromStatus || e.toStatus ? (
            <div className="badges small">
              {e.fromStatus ? <StatusBadge status={e.fromStatus} /> : null}
              {e.fromStatus && e.toStatus ? <span aria-hidden="true">→</span> : null}
              {e.toStatus ? <StatusBadge status={e.toStatus} /> : null}
            </div>
          ) : null}
          {e.reason ? <p className="small">{e.reason}</p> : null}
          <p className="muted small">{t('order.by', { actor: actorLabel(e.actor) })}</p>
        </li>
      ))}
    </ol>
  );
}
