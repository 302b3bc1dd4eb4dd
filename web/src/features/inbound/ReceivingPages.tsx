import { type FormEvent, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  CheckboxField,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  Table,
  useErrorMessage,
  useToast,
} from '../../ui';
import { useChosenWarehouse, WarehouseSelect } from '../warehouse/common';
import { type Feedback, ScanFeedback, ScanInput, type ScanInputHandle } from '../warehouse/ScanInput';
import { cleanScan } from '../warehouse/scan';
import '../warehouse/warehouse.css';
import {
  type PurchaseOrder,
  type Receipt,
  type ReceiptResult,
  useDecideQc,
  usePurchaseOrder,
  usePurchaseOrders,
  useReceipts,
  useReceivePo,
  useSkuGtins,
} from './api';
import { InStatus } from './common';
import {
  addGood,
  defaultQc,
  findPo,
  lineForScan,
  lineOutlook,
  markDamaged,
  parseWhole,
  poRef,
  receiptLines,
  type Tally,
} from './inbound';

/** The receiver's start: the orders expected at the warehouse (or one scanned), and receipts waiting for QC. */
export function ReceivingHome() {
  const { t, date, number } = useI18n();
  const navigate = useNavigate();
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  const sent = usePurchaseOrders({ warehouse, status: 'sent' });
  const partial = usePurchaseOrders({ warehouse, status: 'partially_received' });
  const pendingQc = useReceipts({ warehouse, qcStatus: 'pending' }, warehouse !== '');
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  useDocumentTitle(t('inbound.receive.title'));
  const open = [...(partial.data ?? []), ...(sent.data ?? [])];

  const openPo = (raw: string) => {
    const found = findPo(raw, open);
    const ref = poRef(raw);
    if (found) return navigate(`/inbound/receiving/${encodeURIComponent(found.id)}`);
    if (ref && 'id' in ref) return navigate(`/inbound/receiving/${encodeURIComponent(ref.id)}`);
    setFeedback({ tone: 'error', text: t('inbound.receive.poNotFound', { ref: cleanScan(raw) }) });
  };

  return (
    <div className="scan-page">
      <div className="page-header">
        <div>
          <h1>{t('inbound.receive.title')}</h1>
          <p className="muted">{t('inbound.receive.intro')}</p>
        </div>
        <div className="toolbar">
          <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
          <Link to="/inbound/receiving/asn" className="btn btn-secondary" data-testid="open-asn">
            {t('inbound.asn.open')}
          </Link>
          <Link to="/inbound/receiving/blind" className="btn btn-secondary" data-testid="open-blind">
            {t('inbound.blind.open')}
          </Link>
        </div>
      </div>
      <ScanInput
        label={t('inbound.receive.scanPo')}
        submitLabel={t('inbound.receive.openSubmit')}
        testId="po-scan"
        onScan={openPo}
      />
      <ScanFeedback feedback={feedback} />
      <section className="section" aria-labelledby="rcv-expected">
        <h2 id="rcv-expected">{t('inbound.receive.expected')}</h2>
        {sent.isPending || partial.isPending ? (
          <Loading />
        ) : sent.isError ? (
          <ErrorState error={sent.error} onRetry={() => void sent.refetch()} />
        ) : open.length === 0 ? (
          <EmptyState title={t('inbound.receive.noneExpected')} />
        ) : (
          <ul className="pick-list-cards">
            {open.map((po) => (
              <li key={po.id}>
                <Link to={`/inbound/receiving/${encodeURIComponent(po.id)}`} className="card pick-list-card">
                  <span className="pick-list-card-title mono">{po.number}</span>
                  <span className="badges">
                    <InStatus status={po.status} />
                    <span className="muted small">
                      {po.supplierName} · {po.expectedAt ? date(po.expectedAt) : '—'}
                    </span>
                  </span>
                  <span className="small">
                    {t('inbound.receive.openUnits', {
                      open: number(po.totals.qtyOpen),
                      lines: po.lines.length,
                    })}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="rcv-qc">
        <h2 id="rcv-qc">{t('inbound.qc.waiting')}</h2>
        {pendingQc.data && pendingQc.data.length > 0 ? (
          pendingQc.data.map((r) => <QcPanel key={r.id} receipt={r} />)
        ) : (
          <p className="muted">{t('inbound.qc.none')}</p>
        )}
      </section>
    </div>
  );
}

/** Receiving one purchase order by scanning: each scan of an item adds a unit to its line on the dock. */
export function ReceivePoPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const po = usePurchaseOrder(id);
  useDocumentTitle(po.data ? t('inbound.receive.poTitle', { number: po.data.number }) : null);
  if (po.isPending) return <Loading />;
  if (po.isError) return <ErrorState error={po.error} onRetry={() => void po.refetch()} />;
  return <ReceiveScreen key={po.data.id} po={po.data} />;
}

function ReceiveScreen({ po }: { po: PurchaseOrder }) {
  const { t, number, plural } = useI18n();
  const toast = useToast();
  const errorText = useErrorMessage();
  const gtins = useSkuGtins(po.lines.map((l) => l.sku));
  const receive = useReceivePo(po.id);
  const scanner = useRef<ScanInputHandle>(null);
  const [tally, setTally] = useState<Tally>({});
  const [current, setCurrent] = useState<number | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [isQc, setQc] = useState(false);
  const [result, setResult] = useState<ReceiptResult | null>(null);
  const lines = useMemo(() => po.lines.filter((l) => l.qtyOpen > 0 || tally[l.lineNo]), [po.lines, tally]);
  const line = po.lines.find((l) => l.lineNo === current) ?? null;
  const body = receiptLines(tally);
  const isOpen = po.status === 'sent' || po.status === 'partially_received';

  const onScan = (raw: string) => {
    const code = cleanScan(raw);
    const found = lineForScan(code, po.lines, gtins.data ?? new Map(), tally);
    if (!found) {
      setFeedback({
        tone: 'error',
        code: 'item_not_on_purchase_order',
        text: t('inbound.receive.notOnOrder', { code }),
      });
      return;
    }
    const next = addGood(tally, found.lineNo, 1);
    setTally(next);
    setCurrent(found.lineNo);
    const got = (next[found.lineNo]?.good ?? 0) + (next[found.lineNo]?.damaged ?? 0);
    setFeedback({
      tone: got > found.qtyOpen ? 'warning' : 'success',
      text: t('inbound.receive.scanned', { sku: found.sku, got, open: found.qtyOpen }),
    });
  };

  const submit = () => {
    if (body.length === 0) return;
    receive.mutate(
      { lines: body, ...(isQc ? { qc: true } : {}) },
      {
        onSuccess: (r) => {
          setResult(r);
          setTally({});
          setCurrent(null);
          setFeedback(null);
          toast.success(t('inbound.receive.done', { number: r.number }));
        },
        onError: (e) => setFeedback({ tone: 'error', text: errorText(e) }),
      },
    );
  };

  return (
    <div className="scan-page">
      <Link to="/inbound/receiving" className="back-link">
        ← {t('inbound.receive.back')}
      </Link>
      <div className="pick-header">
        <div>
          <h1>{t('inbound.receive.poTitle', { number: po.number })}</h1>
          <div className="badges">
            <InStatus status={po.status} testId="po-status" />
            <span className="muted small">
              {po.supplierName} → {po.warehouse}
            </span>
            <Link to={`/inbound/purchase-orders/${encodeURIComponent(po.id)}`} className="small">
              {t('inbound.receive.seeOrder')}
            </Link>
          </div>
        </div>
      </div>
      {result ? <ReceiptSummary receipt={result} /> : null}
      {isOpen ? (
        <>
          <ScanInput
            ref={scanner}
            label={t('inbound.receive.scanItem')}
            submitLabel={t('inbound.receive.add')}
            testId="receive-scan"
            onScan={onScan}
          />
          <ScanFeedback feedback={feedback} />
          {line ? (
            <section className="card pick-task" data-testid="receive-line" aria-label={line.sku}>
              <div className="pick-field pick-item">
                <span className="pick-field-label">{t('inbound.columns.sku')}</span>
                <span className="pick-field-value pick-sku">{line.sku}</span>
              </div>
              <div className="pick-row">
                <div className="pick-field">
                  <span className="pick-field-label">{t('inbound.receive.good')}</span>
                  <span className="pick-field-value pick-qty" data-testid="line-good">
                    {tally[line.lineNo]?.good ?? 0}
                  </span>
                </div>
                <div className="pick-field">
                  <span className="pick-field-label">{t('inbound.receive.damaged')}</span>
                  <span className="pick-field-value" data-testid="line-damaged">
                    {tally[line.lineNo]?.damaged ?? 0}
                  </span>
                </div>
                <div className="pick-field">
                  <span className="pick-field-label">{t('inbound.columns.open')}</span>
                  <span className="pick-field-value">{line.qtyOpen}</span>
                </div>
              </div>
              <QtySetter
                value={tally[line.lineNo]?.good ?? 0}
                label={t('inbound.receive.goodQty', { sku: line.sku })}
                onSet={(n) => {
                  setTally((all) => addGood(all, line.lineNo, n - (all[line.lineNo]?.good ?? 0)));
                  scanner.current?.focus();
                }}
              />
              <div className="pick-actions">
                <Button
                  variant="secondary"
                  className="btn-touch"
                  onClick={() => {
                    setTally((all) => markDamaged(all, line.lineNo));
                    scanner.current?.focus();
                  }}
                  data-testid="mark-damaged"
                >
                  {t('inbound.receive.markDamaged')}
                </Button>
                <Button
                  variant="ghost"
                  className="btn-touch"
                  onClick={() => {
                    setTally((all) => addGood(all, line.lineNo, -1));
                    scanner.current?.focus();
                  }}
                >
                  {t('inbound.receive.minusOne')}
                </Button>
              </div>
            </section>
          ) : null}
          <Table caption={t('inbound.po.lines')}>
            <thead>
              <tr>
                <th>{t('inbound.columns.sku')}</th>
                <th className="num">{t('inbound.columns.open')}</th>
                <th className="num">{t('inbound.receive.good')}</th>
                <th className="num">{t('inbound.receive.damaged')}</th>
                <th>{t('inbound.receive.outlook')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => {
                const outlook = lineOutlook(l, tally);
                const scanned = tally[l.lineNo];
                return (
                  <tr key={l.lineNo} data-sku={l.sku} className={l.lineNo === current ? 'strong' : undefined}>
                    <td className="mono">{l.sku}</td>
                    <td className="num">{number(l.qtyOpen)}</td>
                    <td className="num">{number(scanned?.good ?? 0)}</td>
                    <td className="num">{number(scanned?.damaged ?? 0)}</td>
                    <td>
                      {scanned ? (
                        outlook.kind === 'none' ? (
                          <InStatus status="none" />
                        ) : (
                          <span className="small">
                            {t(`inbound.receive.${outlook.kind}`, { qty: outlook.qty })}
                          </span>
                        )
                      ) : (
                        <span className="muted small">—</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
          <CheckboxField
            label={t('inbound.receive.qc')}
            checked={isQc}
            onChange={(e) => setQc(e.target.checked)}
            data-testid="receive-qc"
          />
          <p className="field-hint">{t('inbound.receive.qcHint')}</p>
          <InlineError error={receive.error} />
          <div className="toolbar">
            <Button
              variant="primary"
              className="btn-touch"
              onClick={submit}
              isLoading={receive.isPending}
              disabled={body.length === 0}
              data-testid="receive-submit"
            >
              {plural(
                'inbound.receive.submit',
                body.reduce((n, l) => n + l.qty + (l.damaged ?? 0), 0),
              )}
            </Button>
          </div>
        </>
      ) : (
        <p className="notice">{t('inbound.receive.notOpen')}</p>
      )}
    </div>
  );
}

function QtySetter({ value, label, onSet }: { value: number; label: string; onSet(n: number): void }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = parseWhole(text, 0, 1_000_000);
    if (n === null) return;
    onSet(n);
    setText('');
  };
  return (
    <form className="in-qty-form" onSubmit={submit} noValidate>
      <label>
        <span>{label}</span>
        <input
          inputMode="numeric"
          value={text}
          placeholder={String(value)}
          onChange={(e) => setText(e.target.value)}
          data-testid="line-qty"
        />
      </label>
      <Button type="submit" size="sm">
        {t('inbound.receive.setQty')}
      </Button>
    </form>
  );
}

/** What the dock received: each line with its discrepancy, the order's new status, and QC when pending. */
export function ReceiptSummary({ receipt }: { receipt: ReceiptResult }) {
  const { t, number } = useI18n();
  return (
    <section className="card section" data-testid="receipt-summary" aria-labelledby="rcpt-title">
      <h2 id="rcpt-title">{t('inbound.receive.receiptTitle', { number: receipt.number })}</h2>
      {receipt.purchaseOrderStatus ? (
        <p>
          {t('inbound.receive.poNow')} <InStatus status={receipt.purchaseOrderStatus} />
        </p>
      ) : null}
      <Table caption={t('inbound.receive.receiptTitle', { number: receipt.number })}>
        <thead>
          <tr>
            <th>{t('inbound.columns.sku')}</th>
            <th className="num">{t('inbound.receive.good')}</th>
            <th className="num">{t('inbound.receive.damaged')}</th>
            <th>{t('inbound.columns.location')}</th>
            <th>{t('inbound.receive.discrepancy')}</th>
          </tr>
        </thead>
        <tbody>
          {receipt.lines.map((l) => (
            <tr key={l.lineNo} data-testid="receipt-line" data-discrepancy={l.discrepancy}>
              <td className="mono">{l.sku}</td>
              <td className="num">{number(l.qty)}</td>
              <td className="num">{number(l.qtyDamaged)}</td>
              <td className="mono">{l.qcLocation ?? l.location}</td>
              <td>
                <InStatus status={l.discrepancy} />
                {l.qtyOver > 0 ? (
                  <span className="small"> {t('inbound.receive.over', { qty: l.qtyOver })}</span>
                ) : null}
                {l.qtyShort > 0 ? (
                  <span className="small"> {t('inbound.receive.short', { qty: l.qtyShort })}</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {receipt.qcStatus === 'pending' ? <QcPanel receipt={receipt} /> : null}
      {receipt.qcStatus !== 'pending' ? (
        <p>
          <Link to="/inbound/putaway" className="btn btn-primary btn-touch">
            {t('inbound.putaway.go')}
          </Link>
        </p>
      ) : null}
    </section>
  );
}

interface QcRow {
  accept: string;
  reject: string;
  rejectTo: 'supplier' | 'scrap';
}

/** The QC decisions of a receipt's pending lines: units accepted (to the dock) or rejected (to supplier or scrap). */
export function QcPanel({ receipt }: { receipt: Receipt }) {
  const { t } = useI18n();
  const toast = useToast();
  const decide = useDecideQc();
  const pending = receipt.lines.filter((l) => l.qcStatus === 'pending');
  const [rows, setRows] = useState<Record<number, QcRow>>(() =>
    Object.fromEntries(
      pending.map((l) => {
        const d = defaultQc(l);
        return [
          l.lineNo,
          { accept: String(d.accept), reject: String(d.reject), rejectTo: 'supplier' as const },
        ];
      }),
    ),
  );
  const [decided, setDecided] = useState<Receipt | null>(null);
  if (decided) {
    return (
      <div className="notice" data-testid="qc-done">
        <p className="strong">{t('inbound.qc.done', { number: decided.number })}</p>
        <Link to="/inbound/putaway" className="btn btn-primary btn-touch">
          {t('inbound.putaway.go')}
        </Link>
      </div>
    );
  }
  if (pending.length === 0) return null;
  const parsed = pending.map((l) => {
    const row = rows[l.lineNo]!;
    return { line: l, row, accept: parseWhole(row.accept), reject: parseWhole(row.reject) };
  });
  const invalid = parsed.filter(
    (p) => p.accept === null || p.reject === null || p.accept + p.reject !== p.line.qtyQc,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (invalid.length > 0) return;
    decide.mutate(
      {
        id: receipt.id,
        body: {
          lines: parsed.map((p) => ({
            lineNo: p.line.lineNo,
            accept: p.accept!,
            reject: p.reject!,
            ...(p.reject! > 0 ? { rejectTo: p.row.rejectTo } : {}),
          })),
        },
      },
      {
        onSuccess: (r) => {
          setDecided(r);
          toast.success(t('inbound.qc.done', { number: r.number }));
        },
      },
    );
  };
  const set = (lineNo: number, patch: Partial<QcRow>) =>
    setRows((all) => ({ ...all, [lineNo]: { ...all[lineNo]!, ...patch } }));
  return (
    <form className="card in-qc" onSubmit={submit} noValidate data-testid="qc-panel">
      <h3>{t('inbound.qc.title', { number: receipt.number })}</h3>
      <p className="muted small">{t('inbound.qc.intro')}</p>
      {parsed.map(({ line, row, accept, reject }) => (
        <fieldset key={line.lineNo} className="in-qc-line" data-sku={line.sku}>
          <legend>
            <span className="mono">{line.sku}</span> ·{' '}
            {t('inbound.qc.inQc', { qty: line.qtyQc, damaged: line.qtyDamaged })}
          </legend>
          <label>
            <span>{t('inbound.qc.accept')}</span>
            <input
              inputMode="numeric"
              value={row.accept}
              onChange={(e) => set(line.lineNo, { accept: e.target.value })}
            />
          </label>
          <label>
            <span>{t('inbound.qc.reject')}</span>
            <input
              inputMode="numeric"
              value={row.reject}
              onChange={(e) => set(line.lineNo, { reject: e.target.value })}
            />
          </label>
          <label>
            <span>{t('inbound.qc.rejectTo')}</span>
            <select
              value={row.rejectTo}
              onChange={(e) => set(line.lineNo, { rejectTo: e.target.value as QcRow['rejectTo'] })}
            >
              <option value="supplier">{t('inbound.qc.toSupplier')}</option>
              <option value="scrap">{t('inbound.qc.toScrap')}</option>
            </select>
          </label>
          {accept === null || reject === null || accept + reject !== line.qtyQc ? (
            <p className="field-error">{t('inbound.qc.mustAddUp', { qty: line.qtyQc })}</p>
          ) : null}
        </fieldset>
      ))}
      <InlineError error={decide.error} />
      <div className="toolbar">
        <Button
          type="submit"
          variant="primary"
          isLoading={decide.isPending}
          disabled={invalid.length > 0}
          data-testid="qc-submit"
        >
          {t('inbound.qc.submit')}
        </Button>
      </div>
    </form>
  );
}
