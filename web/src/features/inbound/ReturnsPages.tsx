import { type FormEvent, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { OrderDetail } from '../../api/types';
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
  Table,
  TextField,
  useToast,
} from '../../ui';
import {
  type CustomerReturn,
  type InspectBody,
  type ReturnReason,
  type ReturnStatus,
  useAuthoriseReturn,
  useReturn,
  useReturnAction,
  useReturns,
} from './api';
import { FilterSelect, InStatus } from './common';
import { parseWhole, ungraded } from './inbound';

const STATUSES: readonly ReturnStatus[] = ['authorised', 'received', 'closed', 'cancelled'];
const REASONS: readonly ReturnReason[] = [
  'damaged',
  'defective',
  'wrong_item',
  'not_as_described',
  'no_longer_needed',
  'size_fit',
  'other',
];

/** Customer returns: the list, and authorising one from a shipped order. */
export function ReturnsPage() {
  const { t, money, dateTime, number } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState('');
  const returns = useReturns(status ? { status: status as ReturnStatus } : {});
  const fromOrder = params.get('order');
  const [isAuthorising, setAuthorising] = useState(fromOrder !== null);
  useDocumentTitle(t('inbound.returns.title'));
  return (
    <section className="section">
      <div className="page-header">
        <div>
          <h1>{t('inbound.returns.title')}</h1>
          <p className="muted">{t('inbound.returns.intro')}</p>
        </div>
        {can('returns.write') ? (
          <Button variant="primary" onClick={() => setAuthorising(true)}>
            {t('inbound.returns.authorise')}
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
      {returns.isPending ? (
        <Loading />
      ) : returns.isError ? (
        <ErrorState error={returns.error} onRetry={() => void returns.refetch()} />
      ) : returns.data.length === 0 ? (
        <EmptyState title={t('inbound.returns.empty')} />
      ) : (
        <Table caption={t('inbound.returns.title')}>
          <thead>
            <tr>
              <th>{t('inbound.columns.number')}</th>
              <th>{t('inbound.returns.order')}</th>
              <th>{t('inbound.columns.warehouse')}</th>
              <th>{t('inbound.columns.status')}</th>
              <th>{t('inbound.returns.reason')}</th>
              <th className="num">{t('inbound.returns.units')}</th>
              <th className="num">{t('inbound.returns.refund')}</th>
              <th>{t('inbound.returns.authorisedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {returns.data.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/inbound/returns/${encodeURIComponent(r.id)}`} className="mono">
                    {r.number}
                  </Link>
                </td>
                <td>
                  {r.channel} {r.externalId}
                </td>
                <td>{r.warehouse}</td>
                <td>
                  <InStatus status={r.status} />
                </td>
                <td>{t(`inbound.returns.reasons.${r.reason}`)}</td>
                <td className="num">{number(r.lines.reduce((n, l) => n + l.qtyAuthorised, 0))}</td>
                <td className="num">{money(r.refundMinor, r.currency)}</td>
                <td>{dateTime(r.authorisedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isAuthorising ? (
        <AuthoriseDialog
          initialOrder={fromOrder ?? ''}
          onClose={() => {
            setAuthorising(false);
            if (fromOrder) setParams({}, { replace: true });
          }}
        />
      ) : null}
    </section>
  );
}

function AuthoriseDialog({ initialOrder, onClose }: { initialOrder: string; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const authorise = useAuthoriseReturn();
  const [orderRef, setOrderRef] = useState(initialOrder);
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [rows, setRows] = useState<Record<number, { qty: string; reason: ReturnReason }>>({});
  const [note, setNote] = useState('');
  const load = async (e?: FormEvent) => {
    e?.preventDefault();
    setLoadError(null);
    try {
      const found = await unwrap(api.GET('/v1/orders/{id}', { params: { path: { id: orderRef.trim() } } }));
      setOrder(found);
      setRows(
        Object.fromEntries(
          found.lines.map((l) => [l.lineNo, { qty: '0', reason: 'no_longer_needed' as ReturnReason }]),
        ),
      );
    } catch (err) {
      setOrder(null);
      setLoadError(err);
    }
  };
  const shipped = order ? order.lines.filter((l) => l.qtyShipped - l.qtyReturned > 0) : [];
  const chosen = shipped
    .map((l) => ({ line: l, qty: parseWhole(rows[l.lineNo]?.qty ?? '', 0, l.qtyShipped - l.qtyReturned) }))
    .filter((c) => c.qty !== null && c.qty > 0);
  const invalid = shipped.some(
    (l) => parseWhole(rows[l.lineNo]?.qty ?? '', 0, l.qtyShipped - l.qtyReturned) === null,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!order) return void load();
    if (invalid || chosen.length === 0) return;
    authorise.mutate(
      {
        order: order.id,
        lines: chosen.map((c) => ({
          lineNo: c.line.lineNo,
          qty: c.qty!,
          reason: rows[c.line.lineNo]!.reason,
        })),
        ...(note.trim() ? { note: note.trim() } : {}),
      },
      {
        onSuccess: (r) => {
          toast.success(t('inbound.returns.authorised', { number: r.number }));
          onClose();
        },
      },
    );
  };
  return (
    <Dialog
      title={t('inbound.returns.authorise')}
      description={t('inbound.returns.authoriseHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={authorise.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={authorise.isPending}>
            {t('common.cancel')}
          </Button>
          {order ? (
            <Button
              type="submit"
              variant="primary"
              isLoading={authorise.isPending}
              disabled={invalid || chosen.length === 0}
            >
              {t('inbound.returns.authoriseSubmit')}
            </Button>
          ) : (
            <Button type="submit" variant="primary">
              {t('inbound.returns.findOrder')}
            </Button>
          )}
        </>
      }
    >
      <TextField
        label={t('inbound.returns.orderId')}
        hint={t('inbound.returns.orderIdHint')}
        value={orderRef}
        onChange={(e) => {
          setOrderRef(e.target.value);
          setOrder(null);
        }}
        onBlur={() => {
          if (orderRef.trim() && !order) void load();
        }}
      />
      <InlineError error={loadError} />
      {order ? (
        shipped.length === 0 ? (
          <p className="notice notice-warning">{t('inbound.returns.nothingShipped')}</p>
        ) : (
          <Table caption={t('inbound.returns.lines')}>
            <thead>
              <tr>
                <th>{t('inbound.columns.sku')}</th>
                <th className="num">{t('inbound.returns.shipped')}</th>
                <th>{t('inbound.returns.qtyBack')}</th>
                <th>{t('inbound.returns.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {shipped.map((l) => (
                <tr key={l.lineNo}>
                  <td className="mono">{l.sku}</td>
                  <td className="num">{l.qtyShipped - l.qtyReturned}</td>
                  <td>
                    <input
                      className="in-cost"
                      inputMode="numeric"
                      aria-label={t('inbound.returns.qtyBackOf', { sku: l.sku })}
                      value={rows[l.lineNo]?.qty ?? '0'}
                      onChange={(e) =>
                        setRows((r) => ({ ...r, [l.lineNo]: { ...r[l.lineNo]!, qty: e.target.value } }))
                      }
                    />
                  </td>
                  <td>
                    <select
                      aria-label={t('inbound.returns.reasonOf', { sku: l.sku })}
                      value={rows[l.lineNo]?.reason ?? 'other'}
                      onChange={(e) =>
                        setRows((r) => ({
                          ...r,
                          [l.lineNo]: { ...r[l.lineNo]!, reason: e.target.value as ReturnReason },
                        }))
                      }
                    >
                      {REASONS.map((x) => (
                        <option key={x} value={x}>
                          {t(`inbound.returns.reasons.${x}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )
      ) : null}
      {order ? (
        <TextField
          label={t('common.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          isOptional
        />
      ) : null}
      <InlineError error={authorise.error} />
    </Dialog>
  );
}

/** One return: receive what arrived, grade each unit (restock to a bin, quarantine, scrap), see the refund, close. */
export function ReturnPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const ret = useReturn(id);
  useDocumentTitle(ret.data ? ret.data.number : t('inbound.returns.title'));
  if (ret.isPending) return <Loading />;
  if (ret.isError) return <ErrorState error={ret.error} onRetry={() => void ret.refetch()} />;
  return <ReturnView ret={ret.data} />;
}

type Grade = InspectBody['units'][number]['grade'];

function ReturnView({ ret }: { ret: CustomerReturn }) {
  const { t, money, number, dateTime } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const action = useReturnAction(ret.id);
  const canWrite = can('returns.write');
  const isOpen = ret.status === 'authorised' || ret.status === 'received';
  const toReceive = ret.lines.filter((l) => l.qtyAuthorised - l.qtyReceived > 0);
  const [received, setReceived] = useState<Record<number, string>>(() =>
    Object.fromEntries(toReceive.map((l) => [l.lineNo, String(l.qtyAuthorised - l.qtyReceived)])),
  );
  const units = ret.lines.flatMap((l) =>
    Array.from({ length: ungraded(l) }, (_, i) => ({
      key: `${l.lineNo}-${i}`,
      lineNo: l.lineNo,
      sku: l.sku,
    })),
  );
  const [grades, setGrades] = useState<Record<string, { grade: Grade; bin: string }>>({});
  const [refundShipping, setRefundShipping] = useState(ret.refundShipping);
  const gradeOf = (key: string) => grades[key] ?? { grade: 'restock' as Grade, bin: '' };
  const missingBin = units.some(
    (u) => gradeOf(u.key).grade === 'restock' && gradeOf(u.key).bin.trim() === '',
  );
  // Closing says "nothing more is coming" (and may refund shipping): possible once something arrived. The
  // server closes a return by itself when every authorised unit came and was graded, so this is for the
  // rest — part of it will not come, or shipping is refunded while units wait to be graded.
  const canClose = ret.lines.some((l) => l.qtyReceived > 0);

  const receive = (e: FormEvent) => {
    e.preventDefault();
    const lines = toReceive
      .map((l) => ({
        lineNo: l.lineNo,
        qty: parseWhole(received[l.lineNo] ?? '', 0, l.qtyAuthorised - l.qtyReceived),
      }))
      .filter((l): l is { lineNo: number; qty: number } => l.qty !== null && l.qty > 0);
    if (lines.length === 0) return;
    action.mutate(
      { verb: 'receive', lines },
      { onSuccess: () => toast.success(t('inbound.returns.receivedDone')) },
    );
  };
  const inspect = (e: FormEvent) => {
    e.preventDefault();
    if (missingBin || units.length === 0) return;
    const body = units.map((u) => {
      const g = gradeOf(u.key);
      const bin = g.bin.trim();
      return {
        lineNo: u.lineNo,
        grade: g.grade,
        qty: 1,
        ...(g.grade === 'restock' ? { location: bin.includes('/') ? bin : `${ret.warehouse}/${bin}` } : {}),
      };
    });
    action.mutate(
      { verb: 'inspect', units: body },
      {
        onSuccess: () => {
          setGrades({});
          toast.success(t('inbound.returns.inspected'));
        },
      },
    );
  };

  return (
    <>
      <Link to="/inbound/returns" className="back-link">
        ← {t('inbound.returns.back')}
      </Link>
      <div className="page-header">
        <div>
          <h1 className="mono">{ret.number}</h1>
          <div className="badges">
            <InStatus status={ret.status} testId="return-status" />
            <Link to={`/orders/${encodeURIComponent(ret.orderId)}`}>
              {ret.channel} {ret.externalId}
            </Link>
            <span className="muted">
              {ret.warehouse} · {t(`inbound.returns.reasons.${ret.reason}`)} · {dateTime(ret.authorisedAt)}
            </span>
          </div>
        </div>
        {canWrite && isOpen ? (
          <div className="toolbar">
            {canClose ? (
              <>
                <CheckboxField
                  label={t('inbound.returns.refundShipping')}
                  checked={refundShipping}
                  onChange={(e) => setRefundShipping(e.target.checked)}
                />
                <Button
                  variant="primary"
                  isLoading={action.isPending}
                  onClick={() =>
                    action.mutate(
                      { verb: 'close', refundShipping },
                      { onSuccess: (r) => toast.success(t('inbound.returns.closed', { number: r.number })) },
                    )
                  }
                  data-testid="return-close"
                >
                  {t('inbound.returns.close')}
                </Button>
              </>
            ) : null}
            {ret.status === 'authorised' && ret.receipts.length === 0 ? (
              <Button onClick={() => action.mutate({ verb: 'cancel', reason: '' })}>
                {t('inbound.returns.cancel')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {ret.note ? <p className="muted">“{ret.note}”</p> : null}
      <InlineError error={action.error} />
      <Table caption={t('inbound.returns.lines')}>
        <thead>
          <tr>
            <th>{t('inbound.columns.sku')}</th>
            <th>{t('inbound.returns.reason')}</th>
            <th className="num">{t('inbound.returns.authorisedQty')}</th>
            <th className="num">{t('inbound.columns.received')}</th>
            <th className="num">{t('inbound.returns.restock')}</th>
            <th className="num">{t('inbound.returns.quarantine')}</th>
            <th className="num">{t('inbound.returns.scrap')}</th>
            <th className="num">{t('inbound.returns.refund')}</th>
          </tr>
        </thead>
        <tbody>
          {ret.lines.map((l) => (
            <tr key={l.lineNo}>
              <td className="mono">{l.sku}</td>
              <td>{t(`inbound.returns.reasons.${l.reason}`)}</td>
              <td className="num">{number(l.qtyAuthorised)}</td>
              <td className="num">{number(l.qtyReceived)}</td>
              <td className="num">{number(l.graded.restock)}</td>
              <td className="num">{number(l.graded.quarantine)}</td>
              <td className="num">{number(l.graded.scrap)}</td>
              <td className="num">{money(l.refundMinor, ret.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={7}>{t('inbound.returns.refundTotal')}</th>
            <td className="num strong" data-testid="return-refund">
              {money(ret.refundMinor + ret.shippingRefundMinor, ret.currency)}
            </td>
          </tr>
        </tfoot>
      </Table>
      {canWrite && isOpen && toReceive.length > 0 ? (
        <form className="card section" onSubmit={receive} noValidate>
          <h2>{t('inbound.returns.receiveTitle')}</h2>
          <div className="in-two">
            {toReceive.map((l) => (
              <TextField
                key={l.lineNo}
                label={t('inbound.returns.arrived', { sku: l.sku, max: l.qtyAuthorised - l.qtyReceived })}
                inputMode="numeric"
                value={received[l.lineNo] ?? ''}
                onChange={(e) => setReceived((r) => ({ ...r, [l.lineNo]: e.target.value }))}
              />
            ))}
          </div>
          <p className="field-hint">{t('inbound.returns.receiveHint')}</p>
          <Button type="submit" variant="primary" isLoading={action.isPending} data-testid="return-receive">
            {t('inbound.returns.receive')}
          </Button>
        </form>
      ) : null}
      {canWrite && isOpen && units.length > 0 ? (
        <form className="card section" onSubmit={inspect} noValidate data-testid="return-inspect">
          <h2>{t('inbound.returns.inspectTitle')}</h2>
          <p className="muted small">{t('inbound.returns.inspectHint')}</p>
          <ul className="in-units">
            {units.map((u, i) => {
              const g = gradeOf(u.key);
              return (
                <li key={u.key} className="in-unit">
                  <span className="mono">
                    {u.sku} #{i + 1}
                  </span>
                  <select
                    aria-label={t('inbound.returns.gradeOf', { sku: u.sku, n: i + 1 })}
                    value={g.grade}
                    onChange={(e) =>
                      setGrades((all) => ({ ...all, [u.key]: { ...g, grade: e.target.value as Grade } }))
                    }
                  >
                    {(['restock', 'quarantine', 'scrap'] as const).map((x) => (
                      <option key={x} value={x}>
                        {t(`inbound.returns.${x}`)}
                      </option>
                    ))}
                  </select>
                  {g.grade === 'restock' ? (
                    <input
                      aria-label={t('inbound.returns.binOf', { sku: u.sku, n: i + 1 })}
                      placeholder={t('inbound.returns.binPlaceholder')}
                      value={g.bin}
                      onChange={(e) =>
                        setGrades((all) => ({ ...all, [u.key]: { ...g, bin: e.target.value } }))
                      }
                    />
                  ) : null}
                </li>
              );
            })}
          </ul>
          {missingBin ? <p className="field-hint">{t('inbound.returns.binRequired')}</p> : null}
          <Button type="submit" variant="primary" isLoading={action.isPending} disabled={missingBin}>
            {t('inbound.returns.grade')}
          </Button>
        </form>
      ) : null}
    </>
  );
}
