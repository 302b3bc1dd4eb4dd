import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { parseMinor } from '../../lib/money-input';
import {
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
  useToast,
} from '../../ui';
import { useWarehouses } from '../settings/api';
import {
  type EdiImport,
  type PoQuery,
  type PoStatus,
  useCreatePurchaseOrder,
  useImportEdi,
  usePurchaseOrders,
  useSupplierSkus,
  useSuppliers,
} from './api';
import { EdiWhere, FilterSelect, InStatus } from './common';
import { parseSkuLines } from './inbound';

const PO_STATUSES: readonly PoStatus[] = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
];

/** Purchase orders with their filters, the form that drafts one and the X12 850 import. */
export function PurchaseOrdersPage() {
  const { t, money, date, number } = useI18n();
  const { can } = useSession();
  const [status, setStatus] = useState('');
  const [supplier, setSupplier] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [dialog, setDialog] = useState<'create' | 'import' | null>(null);
  const suppliers = useSuppliers();
  const warehouses = useWarehouses(can('locations.read'));
  const query: PoQuery = {
    ...(status ? { status: status as PoStatus } : {}),
    ...(supplier ? { supplier } : {}),
    ...(warehouse ? { warehouse } : {}),
  };
  const orders = usePurchaseOrders(query);
  const canWrite = can('purchasing.write');

  return (
    <section className="section" aria-labelledby="po-title">
      <div className="page-header">
        <div>
          <h1 id="po-title">{t('inbound.po.title')}</h1>
          <p className="muted">{t('inbound.po.intro')}</p>
        </div>
        {canWrite ? (
          <div className="toolbar">
            <Button variant="primary" onClick={() => setDialog('create')}>
              {t('inbound.po.create')}
            </Button>
            <Button onClick={() => setDialog('import')}>{t('inbound.edi.open')}</Button>
          </div>
        ) : null}
      </div>
      <div className="toolbar in-filters">
        <FilterSelect
          label={t('inbound.columns.status')}
          value={status}
          onChange={setStatus}
          options={PO_STATUSES.map((s) => ({ value: s, label: t(`inbound.status.${s}`) }))}
          testId="po-status-filter"
        />
        <FilterSelect
          label={t('inbound.columns.supplier')}
          value={supplier}
          onChange={setSupplier}
          options={(suppliers.data ?? []).map((s) => ({ value: s.code, label: `${s.code} · ${s.name}` }))}
        />
        <FilterSelect
          label={t('inbound.columns.warehouse')}
          value={warehouse}
          onChange={setWarehouse}
          options={(warehouses.data ?? []).map((w) => ({ value: w, label: w }))}
        />
      </div>
      {orders.isPending ? (
        <Loading />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : orders.data.length === 0 ? (
        <EmptyState title={t('inbound.po.empty')} />
      ) : (
        <Table caption={t('inbound.po.title')}>
          <thead>
            <tr>
              <th>{t('inbound.columns.number')}</th>
              <th>{t('inbound.columns.supplier')}</th>
              <th>{t('inbound.columns.warehouse')}</th>
              <th>{t('inbound.columns.status')}</th>
              <th>{t('inbound.columns.expected')}</th>
              <th className="num">{t('inbound.columns.ordered')}</th>
              <th className="num">{t('inbound.columns.received')}</th>
              <th className="num">{t('inbound.columns.total')}</th>
            </tr>
          </thead>
          <tbody>
            {orders.data.map((po) => (
              <tr key={po.id} data-po={po.number}>
                <td>
                  <Link to={`/inbound/purchase-orders/${encodeURIComponent(po.id)}`} className="mono">
                    {po.number}
                  </Link>
                </td>
                <td>{po.supplierName}</td>
                <td>{po.warehouse}</td>
                <td>
                  <InStatus status={po.status} />
                </td>
                <td>{po.expectedAt ? date(po.expectedAt) : '—'}</td>
                <td className="num">{number(po.totals.qtyOrdered)}</td>
                <td className="num">{number(po.totals.qtyReceived)}</td>
                <td className="num">{money(po.totals.orderedMinor, po.currency)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {dialog === 'create' ? <CreatePoDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <EdiImportDialog onClose={() => setDialog(null)} /> : null}
    </section>
  );
}

function CreatePoDialog({ onClose }: { onClose(): void }) {
  const { t, money } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const suppliers = useSuppliers();
  const warehouses = useWarehouses(can('locations.read'));
  const create = useCreatePurchaseOrder();
  const [supplier, setSupplier] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [expectedAt, setExpectedAt] = useState('');
  const [linesText, setLinesText] = useState('');
  const [costs, setCosts] = useState<Record<string, string>>({});
  const [isSubmitted, setSubmitted] = useState(false);
  const chosen = supplier || suppliers.data?.find((s) => !s.isArchived)?.code || '';
  const supplierRow = suppliers.data?.find((s) => s.code === chosen);
  const currency = supplierRow?.currency ?? 'EUR';
  const catalogue = useSupplierSkus(chosen);
  const whCode = warehouse || warehouses.data?.[0] || '';
  const parsed = parseSkuLines(linesText);
  const badCost = parsed.lines.filter((l) => {
    const raw = costs[l.sku]?.trim();
    return raw ? parseMinor(raw, currency) === null : false;
  });
  const isValid =
    chosen !== '' &&
    whCode !== '' &&
    parsed.lines.length > 0 &&
    parsed.invalidRows.length === 0 &&
    badCost.length === 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!isValid) return;
    create.mutate(
      {
        supplier: chosen,
        warehouse: whCode,
        ...(expectedAt ? { expectedAt } : {}),
        lines: parsed.lines.map((l) => {
          const raw = costs[l.sku]?.trim();
          const cost = raw ? parseMinor(raw, currency) : null;
          return { sku: l.sku, qty: l.qty, ...(cost !== null ? { unitCostMinor: cost } : {}) };
        }),
      },
      {
        onSuccess: (po) => {
          toast.success(t('inbound.po.created', { number: po.number }));
          onClose();
          navigate(`/inbound/purchase-orders/${encodeURIComponent(po.id)}`);
        },
      },
    );
  };

  return (
    <Dialog
      title={t('inbound.po.create')}
      onClose={onClose}
      isBusy={create.isPending}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('inbound.po.createSubmit')}
          </Button>
        </>
      }
    >
      <SelectField
        label={t('inbound.columns.supplier')}
        value={chosen}
        onChange={(e) => setSupplier(e.target.value)}
      >
        {(suppliers.data ?? [])
          .filter((s) => !s.isArchived)
          .map((s) => (
            <option key={s.code} value={s.code}>
              {s.code} · {s.name}
            </option>
          ))}
      </SelectField>
      <SelectField
        label={t('inbound.columns.warehouse')}
        value={whCode}
        onChange={(e) => setWarehouse(e.target.value)}
      >
        {(warehouses.data ?? []).map((w) => (
          <option key={w} value={w}>
            {w}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('inbound.columns.expected')}
        type="date"
        value={expectedAt}
        onChange={(e) => setExpectedAt(e.target.value)}
        isOptional
      />
      <TextAreaField
        label={t('inbound.po.lines')}
        hint={t('inbound.linesHint')}
        rows={4}
        value={linesText}
        onChange={(e) => setLinesText(e.target.value)}
        error={
          isSubmitted && parsed.invalidRows.length > 0
            ? t('inbound.linesInvalid', { rows: parsed.invalidRows.join(', ') })
            : isSubmitted && parsed.lines.length === 0
              ? t('inbound.linesRequired')
              : null
        }
        data-testid="po-lines"
      />
      {parsed.lines.length > 0 ? (
        <Table caption={t('inbound.po.lines')}>
          <thead>
            <tr>
              <th>{t('inbound.columns.sku')}</th>
              <th className="num">{t('inbound.columns.qty')}</th>
              <th>{t('inbound.po.unitCost', { currency })}</th>
            </tr>
          </thead>
          <tbody>
            {parsed.lines.map((l) => {
              const known = catalogue.data?.find((s) => s.sku.toUpperCase() === l.sku);
              return (
                <tr key={l.sku}>
                  <td className="mono">{l.sku}</td>
                  <td className="num">{l.qty}</td>
                  <td>
                    <input
                      className="in-cost"
                      inputMode="decimal"
                      aria-label={t('inbound.po.unitCostOf', { sku: l.sku })}
                      placeholder={known ? money(known.costMinor, known.currency) : t('inbound.po.noCost')}
                      value={costs[l.sku] ?? ''}
                      onChange={(e) => setCosts((c) => ({ ...c, [l.sku]: e.target.value }))}
                    />
                    {known && known.packSize > 1 ? (
                      <span className="muted small">
                        {' '}
                        {t('inbound.suppliers.packOf', { count: known.packSize })}
                      </span>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      ) : null}
      {isSubmitted && badCost.length > 0 ? <p className="field-error">{t('inbound.po.badCost')}</p> : null}
      <p className="field-hint">{t('inbound.po.costHint')}</p>
      <InlineError error={create.error} />
    </Dialog>
  );
}

function EdiImportDialog({ onClose }: { onClose(): void }) {
  const { t, money, plural } = useI18n();
  const { can } = useSession();
  const warehouses = useWarehouses(can('locations.read'));
  const suppliers = useSuppliers();
  const importEdi = useImportEdi();
  const [edi, setEdi] = useState('');
  const [warehouse, setWarehouse] = useState('');
  const [supplier, setSupplier] = useState('');
  const [result, setResult] = useState<EdiImport | null>(null);
  const file = useRef<HTMLInputElement>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (edi.trim() === '') return;
    setResult(null);
    importEdi.mutate(
      { edi, ...(warehouse ? { warehouse } : {}), ...(supplier ? { supplier } : {}) },
      { onSuccess: setResult },
    );
  };

  return (
    <Dialog
      title={t('inbound.edi.title')}
      description={t('inbound.edi.intro')}
      onClose={onClose}
      isBusy={importEdi.isPending}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose} disabled={importEdi.isPending}>
            {t('common.close')}
          </Button>
          <Button
            type="submit"
            variant="primary"
            isLoading={importEdi.isPending}
            disabled={edi.trim() === ''}
          >
            {t('inbound.edi.submit')}
          </Button>
        </>
      }
    >
      <div className="field">
        <label htmlFor="edi-file">{t('inbound.edi.file')}</label>
        <input
          id="edi-file"
          ref={file}
          type="file"
          accept=".edi,.x12,.txt,text/plain"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) void chosen.text().then(setEdi);
          }}
        />
      </div>
      <TextAreaField
        label={t('inbound.edi.paste')}
        rows={6}
        className="mono"
        value={edi}
        onChange={(e) => setEdi(e.target.value)}
        data-testid="edi-text"
      />
      <div className="in-two">
        <SelectField
          label={t('inbound.columns.warehouse')}
          value={warehouse}
          onChange={(e) => setWarehouse(e.target.value)}
          hint={t('inbound.edi.fromFile')}
        >
          <option value="">{t('inbound.edi.asInFile')}</option>
          {(warehouses.data ?? []).map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('inbound.columns.supplier')}
          value={supplier}
          onChange={(e) => setSupplier(e.target.value)}
        >
          <option value="">{t('inbound.edi.asInFile')}</option>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.code} value={s.code}>
              {s.code}
            </option>
          ))}
        </SelectField>
      </div>
      <InlineError error={importEdi.error} />
      <EdiWhere error={importEdi.error} />
      {result ? (
        <div className="notice" data-testid="edi-result">
          <p className="strong">{plural('inbound.edi.done', result.items.length)}</p>
          <ul>
            {result.items.map((i) => (
              <li key={i.purchaseOrder.id}>
                <Link to={`/inbound/purchase-orders/${encodeURIComponent(i.purchaseOrder.id)}`}>
                  {i.purchaseOrder.number}
                </Link>{' '}
                · {i.purchaseOrder.supplierName} ·{' '}
                {i.created ? t('inbound.edi.created') : t('inbound.edi.existing')}
              </li>
            ))}
          </ul>
          {result.warnings.map((w) => (
            <p key={`${w.externalRef}-${w.code}`} className="notice notice-warning">
              {t('inbound.edi.warning', {
                ref: w.externalRef,
                declared: money(w.declaredMinor, 'EUR'),
                computed: money(w.computedMinor, 'EUR'),
              })}
            </p>
          ))}
        </div>
      ) : null}
    </Dialog>
  );
}
