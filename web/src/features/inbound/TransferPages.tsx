import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  CheckboxField,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  useToast,
} from '../../ui';
import { useWarehouses } from '../settings/api';
import { useChosenWarehouse, WarehouseSelect } from '../warehouse/common';
import {
  type TransferOrder,
  type TransferStatus,
  useCreateTransferOrder,
  useIncomingTransfers,
  useTransferAction,
  useTransferOrder,
  useTransferOrders,
} from './api';
import { FilterSelect, InStatus } from './common';
import { parseSkuLines, parseWhole } from './inbound';

const STATUSES: readonly TransferStatus[] = [
  'requested',
  'shipped',
  'partially_received',
  'received',
  'cancelled',
];

/** Transfer orders between warehouses: the list, the request form, and what is on its way to a warehouse. */
export function TransferOrdersPage() {
  const { t, number, dateTime } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState('');
  const [isCreating, setCreating] = useState(false);
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  const orders = useTransferOrders(status ? { status: status as TransferStatus } : {});
  const incoming = useIncomingTransfers(warehouse);

  return (
    <section className="section">
      <div className="page-header">
        <div>
          <h1>{t('inbound.transfers.title')}</h1>
          <p className="muted">{t('inbound.transfers.intro')}</p>
        </div>
        {can('stock.transfer') ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('inbound.transfers.request')}
          </Button>
        ) : null}
      </div>
      <div className="toolbar in-filters">
        <FilterSelect
          label={t('inbound.columns.status')}
          value={status}
          onChange={setStatus}
          options={STATUSES.map((s) => ({ value: s, label: t(`inbound.status.${s}`) }))}
        />
      </div>
      {orders.isPending ? (
        <Loading />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : orders.data.length === 0 ? (
        <EmptyState title={t('inbound.transfers.empty')} />
      ) : (
        <Table caption={t('inbound.transfers.title')}>
          <thead>
            <tr>
              <th>{t('inbound.columns.number')}</th>
              <th>{t('inbound.transfers.route')}</th>
              <th>{t('inbound.columns.status')}</th>
              <th className="num">{t('inbound.transfers.requested')}</th>
              <th className="num">{t('inbound.transfers.inTransit')}</th>
              <th>{t('inbound.transfers.requestedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/inbound/transfers/${encodeURIComponent(o.id)}`} className="mono">
                    {o.number}
                  </Link>
                </td>
                <td>
                  {o.from} → {o.to}
                </td>
                <td>
                  <InStatus status={o.status} />
                </td>
                <td className="num">{number(o.lines.reduce((n, l) => n + l.qtyRequested, 0))}</td>
                <td className="num">{number(o.lines.reduce((n, l) => n + l.qtyInTransit, 0))}</td>
                <td>{dateTime(o.requestedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <section className="section" aria-labelledby="tr-incoming">
        <div className="section-header">
          <h2 id="tr-incoming">{t('inbound.transfers.incoming')}</h2>
          <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
        </div>
        {incoming.data && incoming.data.length > 0 ? (
          <Table caption={t('inbound.transfers.incoming')}>
            <thead>
              <tr>
                <th>{t('inbound.columns.sku')}</th>
                <th className="num">{t('inbound.transfers.inTransit')}</th>
                <th>{t('inbound.transfers.orders')}</th>
              </tr>
            </thead>
            <tbody>
              {incoming.data.map((i) => (
                <tr key={i.sku}>
                  <td className="mono">{i.sku}</td>
                  <td className="num">{number(i.qtyInTransit)}</td>
                  <td>
                    {i.transferOrders.map((o) => (
                      <Link key={o.id} to={`/inbound/transfers/${encodeURIComponent(o.id)}`} className="mono">
                        {o.number} ({o.from}, {o.qtyInTransit}){' '}
                      </Link>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p className="muted">{t('inbound.transfers.noIncoming')}</p>
        )}
      </section>
      {isCreating ? <RequestDialog onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

function RequestDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const warehouses = useWarehouses(can('locations.read'));
  const create = useCreateTransferOrder();
  const all = warehouses.data ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const fromCode = from || all[0] || '';
  const toCode = to || all.find((w) => w !== fromCode) || '';
  const parsed = parseSkuLines(text);
  const isValid =
    fromCode !== '' &&
    toCode !== '' &&
    fromCode !== toCode &&
    parsed.lines.length > 0 &&
    parsed.invalidRows.length === 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!isValid) return;
    create.mutate(
      { from: fromCode, to: toCode, lines: parsed.lines, ...(note.trim() ? { note: note.trim() } : {}) },
      {
        onSuccess: (o) => {
          toast.success(t('inbound.transfers.created', { number: o.number }));
          onClose();
          navigate(`/inbound/transfers/${encodeURIComponent(o.id)}`);
        },
      },
    );
  };
  return (
    <Dialog
      title={t('inbound.transfers.request')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('inbound.transfers.requestSubmit')}
          </Button>
        </>
      }
    >
      <div className="in-two">
        <SelectField
          label={t('inbound.transfers.from')}
          value={fromCode}
          onChange={(e) => setFrom(e.target.value)}
        >
          {all.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('inbound.transfers.to')}
          value={toCode}
          onChange={(e) => setTo(e.target.value)}
          error={isSubmitted && fromCode === toCode ? t('inbound.transfers.sameWarehouse') : null}
        >
          {all.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </SelectField>
      </div>
      <TextAreaField
        label={t('inbound.transfers.lines')}
        hint={t('inbound.linesHint')}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
        error={
          isSubmitted && parsed.invalidRows.length > 0
            ? t('inbound.linesInvalid', { rows: parsed.invalidRows.join(', ') })
            : isSubmitted && parsed.lines.length === 0
              ? t('inbound.linesRequired')
              : null
        }
      />
      <TextField label={t('common.note')} value={note} onChange={(e) => setNote(e.target.value)} isOptional />
      <InlineError error={create.error} />
    </Dialog>
  );
}

/** One transfer order: its lines (requested, shipped, received, damaged, lost, in transit) and actions. */
export function TransferOrderPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const order = useTransferOrder(id);
  useDocumentTitle(order.data ? order.data.number : t('inbound.transfers.title'));
  if (order.isPending) return <Loading />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  return <TransferView order={order.data} />;
}

function TransferView({ order }: { order: TransferOrder }) {
  const { t, number, dateTime } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const action = useTransferAction(order.id);
  const [dialog, setDialog] = useState<'receive' | 'cancel' | null>(null);
  const canMove = can('stock.transfer');
  const inTransit = order.status === 'shipped' || order.status === 'partially_received';
  return (
    <>
      <Link to="/inbound/transfers" className="back-link">
        ← {t('inbound.transfers.back')}
      </Link>
      <div className="page-header">
        <div>
          <h1 className="mono">{order.number}</h1>
          <div className="badges">
            <InStatus status={order.status} testId="transfer-status" />
            <span className="muted">
              {order.from} → {order.to} · {dateTime(order.requestedAt)}
            </span>
          </div>
        </div>
        {canMove ? (
          <div className="toolbar">
            {order.status === 'requested' ? (
              <>
                <Button
                  variant="primary"
                  isLoading={action.isPending}
                  onClick={() =>
                    action.mutate(
                      { verb: 'ship', body: {} },
                      {
                        onSuccess: (o) => toast.success(t('inbound.transfers.shipped', { number: o.number })),
                      },
                    )
                  }
                >
                  {t('inbound.transfers.ship')}
                </Button>
                <Button onClick={() => setDialog('cancel')}>{t('inbound.transfers.cancel')}</Button>
              </>
            ) : null}
            {inTransit ? (
              <Button variant="primary" onClick={() => setDialog('receive')}>
                {t('inbound.transfers.receive')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {dialog === null ? <InlineError error={action.error} /> : null}
      {order.note ? <p className="muted">{order.note}</p> : null}
      <Table caption={t('inbound.transfers.lines')}>
        <thead>
          <tr>
            <th>{t('inbound.columns.sku')}</th>
            <th className="num">{t('inbound.transfers.requested')}</th>
            <th className="num">{t('inbound.transfers.shippedQty')}</th>
            <th className="num">{t('inbound.columns.received')}</th>
            <th className="num">{t('inbound.receive.damaged')}</th>
            <th className="num">{t('inbound.transfers.lost')}</th>
            <th className="num">{t('inbound.transfers.inTransit')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((l) => (
            <tr key={l.lineNo}>
              <td className="mono">{l.sku}</td>
              <td className="num">{number(l.qtyRequested)}</td>
              <td className="num">{number(l.qtyShipped)}</td>
              <td className="num">{number(l.qtyReceived)}</td>
              <td className="num">{number(l.qtyDamaged)}</td>
              <td className="num">{number(l.qtyLost)}</td>
              <td className="num strong">{number(l.qtyInTransit)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      {dialog === 'receive' ? <ReceiveTransferDialog order={order} onClose={() => setDialog(null)} /> : null}
      {dialog === 'cancel' ? <CancelTransferDialog order={order} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

function ReceiveTransferDialog({ order, onClose }: { order: TransferOrder; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const action = useTransferAction(order.id);
  const lines = order.lines.filter((l) => l.qtyInTransit > 0);
  const [rows, setRows] = useState<Record<number, { qty: string; damaged: string }>>(() =>
    Object.fromEntries(lines.map((l) => [l.lineNo, { qty: String(l.qtyInTransit), damaged: '0' }])),
  );
  const [isClosing, setClosing] = useState(false);
  const parsed = lines.map((l) => ({
    line: l,
    qty: parseWhole(rows[l.lineNo]?.qty ?? '', 0, l.qtyInTransit),
    damaged: parseWhole(rows[l.lineNo]?.damaged ?? '', 0, l.qtyInTransit),
  }));
  const isValid = parsed.every((p) => p.qty !== null && p.damaged !== null && p.damaged <= p.qty);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isValid) return;
    const body = parsed
      .filter((p) => p.qty! > 0)
      .map((p) => ({
        lineNo: p.line.lineNo,
        qty: p.qty!,
        ...(p.damaged! > 0 ? { damaged: p.damaged! } : {}),
      }));
    action.mutate(
      { verb: 'receive', body: { lines: body, ...(isClosing ? { close: true } : {}) } },
      {
        onSuccess: (o) => {
          toast.success(t('inbound.transfers.received', { number: o.number }));
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      title={t('inbound.transfers.receiveTitle', { number: order.number })}
      description={t('inbound.transfers.receiveHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={action.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={action.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={action.isPending} disabled={!isValid}>
            {t('inbound.transfers.receive')}
          </Button>
        </>
      }
    >
      {parsed.map(({ line }) => (
        <div key={line.lineNo} className="in-two">
          <TextField
            label={t('inbound.transfers.arrived', { sku: line.sku, max: line.qtyInTransit })}
            inputMode="numeric"
            value={rows[line.lineNo]?.qty ?? ''}
            onChange={(e) =>
              setRows((r) => ({ ...r, [line.lineNo]: { ...r[line.lineNo]!, qty: e.target.value } }))
            }
          />
          <TextField
            label={t('inbound.transfers.ofWhichDamaged')}
            inputMode="numeric"
            value={rows[line.lineNo]?.damaged ?? ''}
            onChange={(e) =>
              setRows((r) => ({ ...r, [line.lineNo]: { ...r[line.lineNo]!, damaged: e.target.value } }))
            }
          />
        </div>
      ))}
      <CheckboxField
        label={t('inbound.transfers.closeShort')}
        checked={isClosing}
        onChange={(e) => setClosing(e.target.checked)}
      />
      <InlineError error={action.error} />
    </Dialog>
  );
}

function CancelTransferDialog({ order, onClose }: { order: TransferOrder; onClose(): void }) {
  const { t } = useI18n();
  const action = useTransferAction(order.id);
  const [reason, setReason] = useState('');
  return (
    <Dialog
      title={t('inbound.transfers.cancelTitle', { number: order.number })}
      onClose={onClose}
      isBusy={action.isPending}
      onSubmit={(e) => {
        e.preventDefault();
        action.mutate({ verb: 'cancel', reason: reason.trim() }, { onSuccess: onClose });
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={action.isPending}>
            {t('common.back')}
          </Button>
          <Button type="submit" variant="danger" isLoading={action.isPending}>
            {t('inbound.transfers.cancel')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('common.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        isOptional
      />
      <InlineError error={action.error} />
    </Dialog>
  );
}
