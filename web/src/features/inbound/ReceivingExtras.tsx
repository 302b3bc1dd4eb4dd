import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  CheckboxField,
  ErrorState,
  InlineError,
  Loading,
  SelectField,
  Table,
  TextAreaField,
  useToast,
} from '../../ui';
import { useChosenWarehouse, WarehouseSelect } from '../warehouse/common';
import '../warehouse/warehouse.css';
import {
  type Asn,
  type AsnReceipt,
  inKeys,
  type ReceiptResult,
  useAsn,
  useImportAsn,
  useReceiveAsn,
  useReceiveBlind,
  useSuppliers,
} from './api';
import { EdiWhere, InStatus } from './common';
import { type AsnEntry, asnReceiveLines, type BlindRow, blindReceiptLines } from './inbound';
import { ReceiptSummary } from './ReceivingPages';

/**
 * An advance ship notice (X12 856): imported by pasting or uploading the document (purchasing), shown with its
 * lines matched to purchase orders and its warnings, then received at the dock (the warehouse), each line
 * as announced unless the receiver says what actually arrived. The notice shown is in the address (?asn=).
 */
export function AsnPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get('asn') ?? '';
  const asn = useAsn(can('purchasing.read') ? id : '');
  const importAsn = useImportAsn();
  const [edi, setEdi] = useState('');
  const [imported, setImported] = useState<{ asn: Asn; created: boolean } | null>(null);
  useDocumentTitle(t('inbound.asn.title'));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (edi.trim() === '') return;
    importAsn.mutate(edi, {
      onSuccess: ({ created, ...notice }) => {
        client.setQueryData(inKeys.asn(notice.id), notice);
        setImported({ asn: notice, created });
        setParams({ asn: notice.id }, { replace: true });
      },
    });
  };

  // The notice just imported until the server's copy is read (a receiver without purchasing.read keeps it).
  const shown = asn.data ?? (imported?.asn.id === id ? imported.asn : null);

  return (
    <div className="scan-page">
      <Link to="/inbound/receiving" className="back-link">
        ← {t('inbound.receive.back')}
      </Link>
      <div className="page-header">
        <div>
          <h1>{t('inbound.asn.title')}</h1>
          <p className="muted">{t('inbound.asn.intro')}</p>
        </div>
      </div>
      {can('purchasing.write') ? (
        <form className="card form" onSubmit={submit} noValidate data-testid="asn-import">
          <div className="field">
            <label htmlFor="asn-file">{t('inbound.asn.file')}</label>
            <input
              id="asn-file"
              type="file"
              accept=".edi,.x12,.856,.txt,text/plain"
              onChange={(e) => {
                const chosen = e.target.files?.[0];
                if (chosen) void chosen.text().then(setEdi);
              }}
            />
          </div>
          <TextAreaField
            label={t('inbound.asn.paste')}
            rows={6}
            className="mono"
            value={edi}
            onChange={(e) => setEdi(e.target.value)}
            data-testid="asn-edi"
          />
          <InlineError error={importAsn.error} />
          <EdiWhere error={importAsn.error} />
          <div className="toolbar">
            <Button
              type="submit"
              variant="primary"
              isLoading={importAsn.isPending}
              disabled={edi.trim() === ''}
              data-testid="asn-import-submit"
            >
              {t('inbound.asn.submit')}
            </Button>
          </div>
        </form>
      ) : (
        <p className="muted">{t('inbound.asn.noImport')}</p>
      )}
      {imported && imported.asn.id === id ? (
        <p className="notice" data-testid="asn-imported" data-created={String(imported.created)}>
          {imported.created
            ? t('inbound.asn.created', { reference: imported.asn.reference })
            : t('inbound.asn.existing', { reference: imported.asn.reference })}
        </p>
      ) : null}
      {id === '' ? null : shown ? (
        <AsnCard key={shown.id} asn={shown} />
      ) : asn.isPending ? (
        <Loading />
      ) : asn.isError ? (
        <ErrorState error={asn.error} onRetry={() => void asn.refetch()} />
      ) : null}
    </div>
  );
}

function AsnCard({ asn }: { asn: Asn }) {
  const { t, date, number, plural } = useI18n();
  const { can } = useSession();
  const client = useQueryClient();
  const toast = useToast();
  const receive = useReceiveAsn(asn.id);
  const [entries, setEntries] = useState<Record<number, AsnEntry>>({});
  const [isQc, setQc] = useState(false);
  const [result, setResult] = useState<AsnReceipt | null>(null);
  const isOpen = asn.status === 'open' && can('stock.receive');
  const typed = asnReceiveLines(asn.lines, entries);
  const set = (lineNo: number, patch: Partial<AsnEntry>) =>
    setEntries((all) => ({
      ...all,
      [lineNo]: { arrived: '', damaged: '', ...all[lineNo], ...patch },
    }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typed.invalid.length > 0) return;
    receive.mutate(
      { ...(typed.lines.length > 0 ? { lines: typed.lines } : {}), ...(isQc ? { qc: true } : {}) },
      {
        onSuccess: (r) => {
          client.setQueryData(inKeys.asn(asn.id), r.asn);
          setResult(r);
          setEntries({});
          toast.success(plural('inbound.asn.received', r.receipts.length));
        },
      },
    );
  };

  return (
    <section
      className="card section"
      aria-labelledby="asn-title"
      data-testid="asn"
      data-status={asn.status}
      data-reference={asn.reference}
    >
      <h2 id="asn-title">{t('inbound.asn.heading', { reference: asn.reference })}</h2>
      <div className="badges">
        <InStatus status={asn.status} testId="asn-status" />
        {asn.supplier ? (
          <span className="muted small">{t('inbound.asn.from', { supplier: asn.supplier })}</span>
        ) : null}
        {asn.shippedAt ? (
          <span className="muted small">{t('inbound.asn.shipped', { date: date(asn.shippedAt) })}</span>
        ) : null}
      </div>
      {asn.warnings.length > 0 ? (
        <div className="notice notice-warning" data-testid="asn-warnings">
          <p className="strong">{t('inbound.asn.warnings')}</p>
          <ul>
            {asn.warnings.map((w) => (
              <li key={`${w.code}-${w.position}`} data-code={w.code}>
                {t('inbound.asn.warning', { segment: w.segment, position: w.position, message: w.message })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Table caption={t('inbound.asn.heading', { reference: asn.reference })}>
          <thead>
            <tr>
              <th className="num">{t('inbound.asn.columns.line')}</th>
              <th>{t('inbound.asn.columns.po')}</th>
              <th>{t('inbound.columns.sku')}</th>
              <th className="num">{t('inbound.asn.columns.announced')}</th>
              <th>{t('inbound.asn.columns.sscc')}</th>
              <th className="num">{t('inbound.asn.columns.received')}</th>
              {isOpen ? (
                <>
                  <th className="num">{t('inbound.asn.columns.arrived')}</th>
                  <th className="num">{t('inbound.asn.columns.damaged')}</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {asn.lines.map((l) => (
              <tr
                key={l.lineNo}
                data-testid="asn-line"
                data-sku={l.sku}
                className={typed.invalid.includes(l.lineNo) ? 'field-invalid' : undefined}
              >
                <td className="num">{l.lineNo}</td>
                <td>
                  {can('purchasing.read') ? (
                    <Link to={`/inbound/purchase-orders/${encodeURIComponent(l.purchaseOrderId)}`}>
                      {l.purchaseOrderNumber}
                    </Link>
                  ) : (
                    l.purchaseOrderNumber
                  )}{' '}
                  <span className="muted small">#{l.poLineNo}</span>
                </td>
                <td className="mono">{l.sku}</td>
                <td className="num">
                  {number(l.qty)}
                  {l.uom ? <span className="muted small"> {l.uom}</span> : null}
                </td>
                <td className="mono small">
                  {l.sscc ?? '—'}
                  {l.ssccValid === false ? (
                    <>
                      {' '}
                      <Badge tone="warning">{t('inbound.asn.ssccInvalid')}</Badge>
                    </>
                  ) : null}
                </td>
                <td className="num" data-testid="asn-line-received">
                  {number(l.qtyReceived)}
                </td>
                {isOpen ? (
                  <>
                    <td className="num">
                      <input
                        className="in-cell-input"
                        inputMode="numeric"
                        placeholder={String(l.qty)}
                        aria-label={t('inbound.asn.arrivedLabel', { line: l.lineNo, sku: l.sku })}
                        value={entries[l.lineNo]?.arrived ?? ''}
                        onChange={(e) => set(l.lineNo, { arrived: e.target.value })}
                        data-testid="asn-arrived"
                      />
                    </td>
                    <td className="num">
                      <input
                        className="in-cell-input"
                        inputMode="numeric"
                        placeholder="0"
                        aria-label={t('inbound.asn.damagedLabel', { line: l.lineNo, sku: l.sku })}
                        value={entries[l.lineNo]?.damaged ?? ''}
                        onChange={(e) => set(l.lineNo, { damaged: e.target.value })}
                        data-testid="asn-damaged"
                      />
                    </td>
                  </>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
        {isOpen ? (
          <>
            <p className="field-hint">{t('inbound.asn.asAnnounced')}</p>
            {typed.invalid.length > 0 ? (
              <p className="field-error">{t('inbound.asn.invalid', { lines: typed.invalid.join(', ') })}</p>
            ) : null}
            <CheckboxField
              label={t('inbound.asn.qc')}
              checked={isQc}
              onChange={(e) => setQc(e.target.checked)}
              data-testid="asn-qc"
            />
            <InlineError error={receive.error} />
            <div className="toolbar">
              <Button
                type="submit"
                variant="primary"
                className="btn-touch"
                isLoading={receive.isPending}
                disabled={typed.invalid.length > 0}
                data-testid="asn-receive"
              >
                {t('inbound.asn.receive')}
              </Button>
            </div>
          </>
        ) : asn.status === 'received' && !result ? (
          <p className="muted">{t('inbound.asn.alreadyReceived')}</p>
        ) : null}
      </form>
      {result ? (
        <div data-testid="asn-receipts">
          <p className="strong">{plural('inbound.asn.received', result.receipts.length)}</p>
          {result.receipts.map((r) => (
            <ReceiptSummary key={r.id} receipt={r} />
          ))}
        </div>
      ) : null}
    </section>
  );
}

const EMPTY_ROW: BlindRow = { sku: '', good: '', damaged: '' };

/** A blind receipt: goods that came without a purchase order, typed line by line (SKU, good, damaged). */
export function BlindReceiptPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  const suppliers = useSuppliers(can('purchasing.read'));
  const receive = useReceiveBlind();
  const [supplier, setSupplier] = useState('');
  const [rows, setRows] = useState<readonly BlindRow[]>([EMPTY_ROW]);
  const [isQc, setQc] = useState(false);
  const [isSubmitted, setSubmitted] = useState(false);
  const [result, setResult] = useState<ReceiptResult | null>(null);
  useDocumentTitle(t('inbound.blind.title'));
  const typed = blindReceiptLines(rows);
  const setRow = (index: number, patch: Partial<BlindRow>) =>
    setRows((all) => all.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (typed.invalidRows.length > 0 || typed.lines.length === 0 || warehouse === '') return;
    receive.mutate(
      {
        warehouse,
        ...(supplier ? { supplier } : {}),
        lines: typed.lines,
        ...(isQc ? { qc: true } : {}),
      },
      {
        onSuccess: (r) => {
          setResult(r);
          setRows([EMPTY_ROW]);
          setSubmitted(false);
          toast.success(t('inbound.receive.done', { number: r.number }));
        },
      },
    );
  };

  return (
    <div className="scan-page">
      <Link to="/inbound/receiving" className="back-link">
        ← {t('inbound.receive.back')}
      </Link>
      <div className="page-header">
        <div>
          <h1>{t('inbound.blind.title')}</h1>
          <p className="muted">{t('inbound.blind.intro')}</p>
        </div>
        <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
      </div>
      {result ? <ReceiptSummary receipt={result} /> : null}
      <form className="card form" onSubmit={submit} noValidate data-testid="blind-form">
        {can('purchasing.read') ? (
          <SelectField
            label={t('inbound.blind.supplier')}
            value={supplier}
            onChange={(e) => setSupplier(e.target.value)}
            isOptional
            data-testid="blind-supplier"
          >
            <option value="">{t('inbound.blind.unknownSupplier')}</option>
            {(suppliers.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} · {s.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <Table caption={t('inbound.blind.lines')} showCaption>
          <thead>
            <tr>
              <th>{t('inbound.blind.sku')}</th>
              <th className="num">{t('inbound.blind.good')}</th>
              <th className="num">{t('inbound.blind.damaged')}</th>
              <th>
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const line = i + 1;
              return (
                // Rows have no identity but their place; removing one re-renders those after it.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above.
                <tr key={i} data-testid="blind-row">
                  <td>
                    <input
                      className="in-cell-input mono"
                      value={row.sku}
                      autoComplete="off"
                      aria-label={t('inbound.blind.skuLabel', { line })}
                      onChange={(e) => setRow(i, { sku: e.target.value })}
                      data-testid="blind-sku"
                    />
                  </td>
                  <td className="num">
                    <input
                      className="in-cell-input"
                      inputMode="numeric"
                      value={row.good}
                      aria-label={t('inbound.blind.goodLabel', { line })}
                      onChange={(e) => setRow(i, { good: e.target.value })}
                      data-testid="blind-good"
                    />
                  </td>
                  <td className="num">
                    <input
                      className="in-cell-input"
                      inputMode="numeric"
                      value={row.damaged}
                      placeholder="0"
                      aria-label={t('inbound.blind.damagedLabel', { line })}
                      onChange={(e) => setRow(i, { damaged: e.target.value })}
                      data-testid="blind-damaged"
                    />
                  </td>
                  <td>
                    {rows.length > 1 ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={t('inbound.blind.removeLine', { line })}
                        onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
                      >
                        ×
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
        <div className="toolbar">
          <Button size="sm" onClick={() => setRows((all) => [...all, EMPTY_ROW])} data-testid="blind-add">
            {t('inbound.blind.addLine')}
          </Button>
        </div>
        {isSubmitted && typed.invalidRows.length > 0 ? (
          <p className="field-error">{t('inbound.blind.invalid', { lines: typed.invalidRows.join(', ') })}</p>
        ) : isSubmitted && typed.lines.length === 0 ? (
          <p className="field-error">{t('inbound.blind.empty')}</p>
        ) : null}
        <CheckboxField
          label={t('inbound.blind.qc')}
          checked={isQc}
          onChange={(e) => setQc(e.target.checked)}
          data-testid="blind-qc"
        />
        <p className="field-hint">{t('inbound.receive.qcHint')}</p>
        <InlineError error={receive.error} />
        <div className="toolbar">
          <Button
            type="submit"
            variant="primary"
            className="btn-touch"
            isLoading={receive.isPending}
            disabled={warehouse === ''}
            data-testid="blind-submit"
          >
            {t('inbound.blind.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}
