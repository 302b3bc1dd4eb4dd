import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, EmptyState, ErrorState, InlineError, Loading, Table, useToast } from '../../ui';
import { ConfirmDialog } from '../settings/common';
import { type PurchaseOrder, poDocumentUrls, usePoAction, usePurchaseOrder, useReceipts } from './api';
import { InStatus } from './common';

/** One purchase order: its lines as ordered, received, rejected and open, its totals, documents and actions. */
export function PurchaseOrderPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const po = usePurchaseOrder(id);
  useDocumentTitle(po.data ? po.data.number : t('inbound.po.title'));
  if (po.isPending) return <Loading />;
  if (po.isError) {
    const notFound = (po.error as { status?: number }).status === 404;
    return (
      <>
        <BackToOrders />
        {notFound ? (
          <EmptyState title={t('errors.notFoundTitle')} />
        ) : (
          <ErrorState error={po.error} onRetry={() => void po.refetch()} />
        )}
      </>
    );
  }
  return <PoView po={po.data} />;
}

function BackToOrders() {
  const { t } = useI18n();
  return (
    <Link to="/inbound/purchase-orders" className="back-link">
      ← {t('inbound.po.back')}
    </Link>
  );
}

function PoView({ po }: { po: PurchaseOrder }) {
  const { t, money, date, dateTime, number } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const action = usePoAction(po.id);
  const [confirm, setConfirm] = useState<'cancel' | 'close' | null>(null);
  const receipts = useReceipts({ po: po.id });
  const docs = poDocumentUrls(po.id);
  const canWrite = can('purchasing.write');
  const isOpen = po.status === 'sent' || po.status === 'partially_received';
  const run = (verb: 'send' | 'cancel' | 'close') =>
    action.mutate(verb, {
      onSuccess: (next) => {
        setConfirm(null);
        toast.success(t(`inbound.po.done.${verb}`, { number: next.number }));
      },
    });

  return (
    <>
      <BackToOrders />
      <div className="page-header">
        <div>
          <h1 className="mono">{po.number}</h1>
          <div className="badges">
            <InStatus status={po.status} testId="po-status" />
            <span className="muted">
              {po.supplierName} ({po.supplier}) → {po.warehouse}
            </span>
          </div>
        </div>
        <div className="toolbar">
          {can('stock.receive') && isOpen ? (
            <Link
              className="btn btn-primary btn-touch"
              to={`/inbound/receiving/${encodeURIComponent(po.id)}`}
            >
              {t('inbound.receive.open')}
            </Link>
          ) : null}
          {canWrite && po.status === 'draft' ? (
            <Button variant="primary" onClick={() => run('send')} isLoading={action.isPending}>
              {t('inbound.po.send')}
            </Button>
          ) : null}
          {canWrite && (po.status === 'draft' || po.status === 'sent') ? (
            <Button onClick={() => setConfirm('cancel')}>{t('inbound.po.cancel')}</Button>
          ) : null}
          {canWrite && po.status === 'partially_received' ? (
            <Button onClick={() => setConfirm('close')}>{t('inbound.po.close')}</Button>
          ) : null}
          <a
            className="btn btn-secondary"
            href={docs.pdf}
            target="_blank"
            rel="noreferrer"
            data-testid="po-pdf"
          >
            {t('inbound.po.pdf')}
          </a>
          <a className="btn btn-secondary" href={docs.edi} download={`${po.number}.edi`} data-testid="po-edi">
            {t('inbound.po.edi')}
          </a>
        </div>
      </div>
      {confirm === null ? <InlineError error={action.error} /> : null}
      <section className="card">
        <dl className="facts">
          <div>
            <dt>{t('inbound.columns.expected')}</dt>
            <dd>{po.expectedAt ? date(po.expectedAt) : '—'}</dd>
          </div>
          <div>
            <dt>{t('inbound.po.sentAt')}</dt>
            <dd>{po.sentAt ? dateTime(po.sentAt) : '—'}</dd>
          </div>
          <div>
            <dt>{t('inbound.po.ordered')}</dt>
            <dd>{money(po.totals.orderedMinor, po.currency)}</dd>
          </div>
          <div>
            <dt>{t('inbound.po.receivedValue')}</dt>
            <dd>{money(po.totals.receivedMinor, po.currency)}</dd>
          </div>
          <div>
            <dt>{t('inbound.po.openValue')}</dt>
            <dd>{money(po.totals.openMinor, po.currency)}</dd>
          </div>
          {po.externalRef ? (
            <div>
              <dt>{t('inbound.po.externalRef')}</dt>
              <dd className="mono">{po.externalRef}</dd>
            </div>
          ) : null}
          {po.notes ? (
            <div>
              <dt>{t('common.note')}</dt>
              <dd>{po.notes}</dd>
            </div>
          ) : null}
        </dl>
      </section>
      <section className="section" aria-labelledby="po-lines">
        <h2 id="po-lines">{t('inbound.po.lines')}</h2>
        <Table caption={t('inbound.po.lines')}>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>{t('inbound.columns.sku')}</th>
              <th className="num">{t('inbound.columns.ordered')}</th>
              <th className="num">{t('inbound.columns.received')}</th>
              <th className="num">{t('inbound.columns.rejected')}</th>
              <th className="num">{t('inbound.columns.open')}</th>
              <th className="num">{t('inbound.columns.unitCost')}</th>
              <th className="num">{t('inbound.columns.total')}</th>
            </tr>
          </thead>
          <tbody>
            {po.lines.map((l) => (
              <tr key={l.lineNo} data-line={l.lineNo} data-sku={l.sku}>
                <td className="num">{l.lineNo}</td>
                <td>
                  <Link to={`/skus/${encodeURIComponent(l.sku)}`} className="mono">
                    {l.sku}
                  </Link>
                  {l.supplierSku ? <span className="muted small"> · {l.supplierSku}</span> : null}
                </td>
                <td className="num">{number(l.qtyOrdered)}</td>
                <td className="num" data-testid="line-received">
                  {number(l.qtyReceived)}
                </td>
                <td className="num">{number(l.qtyRejected)}</td>
                <td className="num strong">{number(l.qtyOpen)}</td>
                <td className="num">{money(l.unitCostMinor, po.currency)}</td>
                <td className="num">{money(l.lineTotalMinor, po.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={2}>{t('common.total')}</th>
              <td className="num">{number(po.totals.qtyOrdered)}</td>
              <td className="num">{number(po.totals.qtyReceived)}</td>
              <td className="num">{number(po.totals.qtyRejected)}</td>
              <td className="num strong">{number(po.totals.qtyOpen)}</td>
              <td />
              <td className="num strong">{money(po.totals.orderedMinor, po.currency)}</td>
            </tr>
          </tfoot>
        </Table>
      </section>
      <section className="section" aria-labelledby="po-receipts">
        <h2 id="po-receipts">{t('inbound.receipts.title')}</h2>
        {receipts.data && receipts.data.length > 0 ? (
          <ul className="in-list">
            {receipts.data.map((r) => (
              <li key={r.id}>
                <span className="mono">{r.number}</span> · {dateTime(r.receivedAt)} ·{' '}
                <InStatus status={r.qcStatus} />{' '}
                <span className="muted small">
                  {r.lines.map((l) => `${l.sku} × ${l.qty + l.qtyDamaged}`).join(', ')}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('inbound.receipts.none')}</p>
        )}
      </section>
      {confirm ? (
        <ConfirmDialog
          title={t(`inbound.po.confirm.${confirm}`, { number: po.number })}
          description={t(`inbound.po.confirm.${confirm}Hint`)}
          confirmLabel={confirm === 'cancel' ? t('inbound.po.cancel') : t('inbound.po.close')}
          isBusy={action.isPending}
          error={action.error}
          onConfirm={() => run(confirm)}
          onClose={() => setConfirm(null)}
        />
      ) : null}
    </>
  );
}
