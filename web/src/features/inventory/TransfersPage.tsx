import './catalog.css';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type Transfer, useReceiveTransfer, useTransfers } from '../../api/catalog';
import { newIdempotencyKey } from '../../api/idempotency';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  CheckboxField,
  Dialog,
  EmptyState,
  ErrorState,
  Loading,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  useToast,
} from '../../ui';
import { CodedError } from './CodedError';

/** A recorded actor ("user:usr_…", "system:demo", or a bare user id) as the label helper takes it. */
function actorOf(recorded: string): { kind: string; id: string } {
  const colon = recorded.indexOf(':');
  if (colon < 0) return { kind: 'user', id: recorded };
  const kind = recorded.slice(0, colon);
  return { kind, id: kind === 'system' ? recorded : recorded.slice(colon + 1) };
}

type Filter = 'all' | 'in_transit' | 'received';
const FILTERS: readonly Filter[] = ['all', 'in_transit', 'received'];

/**
 * Transfers through in-transit between warehouses: those on their way first, then the received ones.
 * Whoever may transfer stock receives one here, all of it or part, closing it short when the rest is lost.
 */
export function TransfersPage() {
  const { t, number, dateTime } = useI18n();
  const { can } = useSession();
  const actorLabel = useActorLabel();
  useDocumentTitle(t('catalog.transfers.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const filter: Filter = FILTERS.includes(raw as Filter) ? (raw as Filter) : 'all';
  const transfers = useTransfers(filter);
  const [receiving, setReceiving] = useState<Transfer | null>(null);
  const canReceive = can('stock.transfer');

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('catalog.transfers.title')}</h1>
          <p className="muted">{t('catalog.transfers.intro')}</p>
        </div>
      </div>
      <div className="filters filters-inline">
        <SelectField
          label={t('catalog.transfers.filter')}
          name="status"
          value={filter}
          onChange={(e) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (e.target.value === 'all') next.delete('status');
                else next.set('status', e.target.value);
                return next;
              },
              { replace: true },
            )
          }
        >
          <option value="all">{t('catalog.transfers.all')}</option>
          <option value="in_transit">{t('catalog.transfers.inTransit')}</option>
          <option value="received">{t('catalog.transfers.received')}</option>
        </SelectField>
      </div>
      {transfers.isPending ? (
        <Loading />
      ) : transfers.isError ? (
        <ErrorState error={transfers.error} onRetry={() => void transfers.refetch()} />
      ) : transfers.data.length === 0 ? (
        <EmptyState title={t('catalog.transfers.empty')} />
      ) : (
        <Table caption={t('catalog.transfers.title')} className="transfers-table">
          <thead>
            <tr>
              <th scope="col">{t('catalog.transfers.columns.created')}</th>
              <th scope="col">{t('catalog.transfers.columns.sku')}</th>
              <th scope="col">{t('catalog.transfers.columns.from')}</th>
              <th scope="col">{t('catalog.transfers.columns.to')}</th>
              <th scope="col" className="num">
                {t('catalog.transfers.columns.qty')}
              </th>
              <th scope="col" className="num">
                {t('catalog.transfers.columns.inTransitQty')}
              </th>
              <th scope="col" className="num">
                {t('catalog.transfers.columns.receivedQty')}
              </th>
              <th scope="col" className="num">
                {t('catalog.transfers.columns.lostQty')}
              </th>
              <th scope="col">{t('catalog.transfers.columns.status')}</th>
              <th scope="col">{t('catalog.transfers.columns.reference')}</th>
              {canReceive ? (
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {transfers.data.map((tr) => (
              <tr key={tr.id} data-transfer={tr.id} data-status={tr.status}>
                <td className="small">
                  <time dateTime={tr.createdAt}>{dateTime(tr.createdAt)}</time>
                  <span className="block muted">{actorLabel(actorOf(tr.createdBy))}</span>
                </td>
                <td>
                  <Link to={`/skus/${encodeURIComponent(tr.sku)}`} className="mono">
                    {tr.sku}
                  </Link>
                </td>
                <td className="mono small">{tr.from}</td>
                <td className="mono small">{tr.to}</td>
                <td className="num">{number(tr.qty)}</td>
                <td className="num strong">{number(tr.inTransitQty)}</td>
                <td className="num">{number(tr.receivedQty)}</td>
                <td className={`num${tr.lostQty > 0 ? ' text-danger' : ''}`}>{number(tr.lostQty)}</td>
                <td>
                  <Badge tone={tr.status === 'in_transit' ? 'warning' : 'success'}>
                    {t(`catalog.transfers.status.${tr.status}`)}
                  </Badge>
                </td>
                <td className="mono small">{tr.reference ?? '—'}</td>
                {canReceive ? (
                  <td className="actions-cell">
                    {tr.status === 'in_transit' ? (
                      <Button
                        size="sm"
                        variant="primary"
                        onClick={() => setReceiving(tr)}
                        aria-label={t('catalog.transfers.receiveLabel', { id: tr.id })}
                      >
                        {t('catalog.transfers.receive')}
                      </Button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {receiving ? <ReceiveTransferDialog transfer={receiving} onClose={() => setReceiving(null)} /> : null}
    </div>
  );
}

function ReceiveTransferDialog({ transfer, onClose }: { transfer: Transfer; onClose(): void }) {
  const { t, number } = useI18n();
  const toast = useToast();
  const receive = useReceiveTransfer();
  const [key] = useState(newIdempotencyKey);
  const [qty, setQty] = useState(String(transfer.inTransitQty));
  const [closeShort, setCloseShort] = useState(false);
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const qtyNumber = Number(qty);
  const problem =
    !Number.isInteger(qtyNumber) || qtyNumber < 0 || qtyNumber > transfer.inTransitQty
      ? t('catalog.transfers.receiveQtyHint', { max: number(transfer.inTransitQty) })
      : null;

  const submit = () => {
    setTouched(true);
    if (problem) return;
    receive.mutate(
      {
        id: transfer.id,
        key,
        body: {
          qty: qtyNumber,
          ...(closeShort ? { closeShort: true } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
      },
      {
        onSuccess: () => {
          toast.success(t('catalog.transfers.done', { to: transfer.to }));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('catalog.transfers.receiveTitle', {
        qty: number(transfer.inTransitQty),
        sku: transfer.sku,
        to: transfer.to,
      })}
      onClose={onClose}
      onSubmit={submit}
      isBusy={receive.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={receive.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={receive.isPending}>
            {t('catalog.transfers.submit')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('catalog.transfers.receiveQty')}
          name="qty"
          type="number"
          inputMode="numeric"
          min={0}
          max={transfer.inTransitQty}
          step={1}
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          hint={t('catalog.transfers.receiveQtyHint', { max: number(transfer.inTransitQty) })}
          error={touched ? problem : null}
        />
        <CheckboxField
          label={t('catalog.transfers.closeShort')}
          name="closeShort"
          checked={closeShort}
          onChange={(e) => setCloseShort(e.target.checked)}
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
