import { type FormEvent, useState } from 'react';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { parseMinor } from '../../lib/money-input';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  Table,
  TextField,
  useToast,
} from '../../ui';
import { type Supplier, useCreateSupplier, useSetSupplierSku, useSupplierSkus, useSuppliers } from './api';
import { parseWhole } from './inbound';

/** Suppliers, and for the one chosen, the SKUs it sells with its cost and pack size. */
export function SuppliersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const suppliers = useSuppliers();
  const [chosen, setChosen] = useState('');
  const [isCreating, setCreating] = useState(false);
  useDocumentTitle(t('inbound.suppliers.title'));
  const current = suppliers.data?.find((s) => s.code === chosen) ?? suppliers.data?.[0] ?? null;
  return (
    <section className="section">
      <div className="page-header">
        <div>
          <h1>{t('inbound.suppliers.title')}</h1>
          <p className="muted">{t('inbound.suppliers.intro')}</p>
        </div>
        {can('purchasing.write') ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('inbound.suppliers.create')}
          </Button>
        ) : null}
      </div>
      {suppliers.isPending ? (
        <Loading />
      ) : suppliers.isError ? (
        <ErrorState error={suppliers.error} onRetry={() => void suppliers.refetch()} />
      ) : suppliers.data.length === 0 ? (
        <EmptyState title={t('inbound.suppliers.empty')} />
      ) : (
        <Table caption={t('inbound.suppliers.title')}>
          <thead>
            <tr>
              <th>{t('inbound.suppliers.code')}</th>
              <th>{t('inbound.suppliers.name')}</th>
              <th>{t('inbound.suppliers.currency')}</th>
              <th className="num">{t('inbound.suppliers.leadTime')}</th>
              <th>{t('inbound.suppliers.terms')}</th>
            </tr>
          </thead>
          <tbody>
            {suppliers.data.map((s) => (
              <tr key={s.code} className={current?.code === s.code ? 'strong' : undefined}>
                <td>
                  <button type="button" className="link-button mono" onClick={() => setChosen(s.code)}>
                    {s.code}
                  </button>
                </td>
                <td>{s.name}</td>
                <td>{s.currency}</td>
                <td className="num">{t('inbound.suppliers.days', { n: s.leadTimeDays })}</td>
                <td>{s.paymentTerms ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {current ? <SupplierSkus key={current.code} supplier={current} /> : null}
      {isCreating ? <CreateSupplierDialog onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

function SupplierSkus({ supplier }: { supplier: Supplier }) {
  const { t, money, dateTime } = useI18n();
  const { can } = useSession();
  const skus = useSupplierSkus(supplier.code);
  const set = useSetSupplierSku(supplier.code);
  const [sku, setSku] = useState('');
  const [ref, setRef] = useState('');
  const [cost, setCost] = useState('');
  const [pack, setPack] = useState('1');
  const [isSubmitted, setSubmitted] = useState(false);
  const costMinor = parseMinor(cost, supplier.currency);
  const packSize = parseWhole(pack, 1, 100_000);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (sku.trim() === '' || costMinor === null || packSize === null) return;
    set.mutate(
      {
        sku: sku.trim().toUpperCase(),
        body: { costMinor, packSize, ...(ref.trim() ? { supplierSku: ref.trim() } : {}) },
      },
      {
        onSuccess: () => {
          setSku('');
          setRef('');
          setCost('');
          setPack('1');
          setSubmitted(false);
        },
      },
    );
  };
  return (
    <section className="section" aria-labelledby="supplier-skus">
      <h2 id="supplier-skus">{t('inbound.suppliers.skusOf', { name: supplier.name })}</h2>
      {skus.data && skus.data.length > 0 ? (
        <Table caption={t('inbound.suppliers.skusOf', { name: supplier.name })}>
          <thead>
            <tr>
              <th>{t('inbound.columns.sku')}</th>
              <th>{t('inbound.suppliers.ref')}</th>
              <th className="num">{t('inbound.columns.unitCost')}</th>
              <th className="num">{t('inbound.suppliers.pack')}</th>
              <th className="num">{t('inbound.suppliers.moq')}</th>
              <th>{t('inbound.suppliers.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {skus.data.map((s) => (
              <tr key={s.sku}>
                <td className="mono">{s.sku}</td>
                <td className="mono">{s.supplierSku ?? '—'}</td>
                <td className="num">{money(s.costMinor, s.currency)}</td>
                <td className="num">{s.packSize}</td>
                <td className="num">{s.minOrderQty}</td>
                <td>{dateTime(s.updatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p className="muted">{t('inbound.suppliers.noSkus')}</p>
      )}
      {can('purchasing.write') ? (
        <form className="card in-inline-form" onSubmit={submit} noValidate>
          <h3>{t('inbound.suppliers.setSku')}</h3>
          <div className="in-four">
            <TextField
              label={t('inbound.columns.sku')}
              value={sku}
              onChange={(e) => setSku(e.target.value)}
              error={isSubmitted && sku.trim() === '' ? t('common.required') : null}
            />
            <TextField
              label={t('inbound.suppliers.ref')}
              value={ref}
              onChange={(e) => setRef(e.target.value)}
              isOptional
            />
            <TextField
              label={t('inbound.po.unitCost', { currency: supplier.currency })}
              inputMode="decimal"
              value={cost}
              onChange={(e) => setCost(e.target.value)}
              error={isSubmitted && costMinor === null ? t('inbound.po.badCost') : null}
            />
            <TextField
              label={t('inbound.suppliers.pack')}
              inputMode="numeric"
              value={pack}
              onChange={(e) => setPack(e.target.value)}
              error={isSubmitted && packSize === null ? t('inbound.counts.invalidQty') : null}
            />
          </div>
          <InlineError error={set.error} />
          <Button type="submit" isLoading={set.isPending}>
            {t('common.save')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function CreateSupplierDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateSupplier();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [lead, setLead] = useState('7');
  const [terms, setTerms] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const leadDays = parseWhole(lead, 0, 365);
  const isValid =
    code.trim() !== '' && name.trim() !== '' && /^[A-Za-z]{3}$/.test(currency) && leadDays !== null;
  return (
    <Dialog
      title={t('inbound.suppliers.create')}
      onClose={onClose}
      isBusy={create.isPending}
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (!isValid) return;
        create.mutate(
          {
            code: code.trim(),
            name: name.trim(),
            currency: currency.toUpperCase(),
            leadTimeDays: leadDays!,
            ...(email.trim() ? { email: email.trim() } : {}),
            ...(terms.trim() ? { paymentTerms: terms.trim() } : {}),
          },
          {
            onSuccess: (s) => {
              toast.success(t('inbound.suppliers.created', { code: s.code }));
              onClose();
            },
          },
        );
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('inbound.suppliers.create')}
          </Button>
        </>
      }
    >
      <div className="in-two">
        <TextField
          label={t('inbound.suppliers.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={isSubmitted && code.trim() === '' ? t('common.required') : null}
        />
        <TextField
          label={t('inbound.suppliers.currency')}
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          error={isSubmitted && !/^[A-Za-z]{3}$/.test(currency) ? t('inbound.suppliers.badCurrency') : null}
        />
      </div>
      <TextField
        label={t('inbound.suppliers.name')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={isSubmitted && name.trim() === '' ? t('common.required') : null}
      />
      <TextField
        label={t('inbound.suppliers.email')}
        type="email"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        isOptional
      />
      <div className="in-two">
        <TextField
          label={t('inbound.suppliers.leadTime')}
          inputMode="numeric"
          value={lead}
          onChange={(e) => setLead(e.target.value)}
          error={isSubmitted && leadDays === null ? t('inbound.counts.invalidQty') : null}
        />
        <TextField
          label={t('inbound.suppliers.terms')}
          value={terms}
          onChange={(e) => setTerms(e.target.value)}
          isOptional
        />
      </div>
      <InlineError error={create.error} />
    </Dialog>
  );
}
