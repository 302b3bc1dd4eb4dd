import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  SelectField,
  Table,
  TextField,
  useErrorMessage,
  useToast,
} from '../../ui';
import {
  type Carrier,
  documentUrls,
  listPackableShipments,
  type PackProgress,
  type Shipment,
  useCarriers,
  useCartonTypes,
  usePackProgress,
  usePackScan,
  usePackShipment,
  useRates,
  useResetPackScans,
  useShipment,
  useShipShipment,
} from './api';
import { FloorStatus, ProgressBar, useChosenWarehouse } from './common';
import { type Feedback, ScanFeedback, ScanInput, type ScanInputHandle } from './ScanInput';
import { cleanScan, findShipmentByScan, packRemaining, parseGrams } from './scan';
import './warehouse.css';

/** The pack station's start: scan a tote (or a shipment id, or an order number) to open its shipment. */
export function PackHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useSession().me;
  const { warehouse } = useChosenWarehouse();
  const scope = me?.warehouses === null ? null : warehouse || null;
  const waiting = useQuery({
    queryKey: ['warehouse', 'packable', scope],
    queryFn: () => listPackableShipments(scope),
    staleTime: 0,
  });
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  useDocumentTitle(t('warehouse.pack.title'));

  const open = async (raw: string) => {
    const all = waiting.data ?? (await listPackableShipments(scope).catch(() => []));
    const found = findShipmentByScan(raw, all);
    if (!found) {
      setFeedback({ tone: 'error', text: t('warehouse.pack.notFoundShipment', { ref: cleanScan(raw) }) });
      return;
    }
    navigate(`/pack/${encodeURIComponent(found.id)}`);
  };
  const withTote = (waiting.data ?? []).filter((s) => s.tote !== null);

  return (
    <div className="page scan-page">
      <div className="page-header">
        <div>
          <h1>{t('warehouse.pack.title')}</h1>
          <p className="muted">{t('warehouse.pack.intro')}</p>
        </div>
      </div>
      <ScanInput
        label={t('warehouse.pack.openLabel')}
        submitLabel={t('warehouse.pack.openSubmit')}
        testId="pack-open-input"
        onScan={(code) => void open(code)}
      />
      <ScanFeedback feedback={feedback} />
      {withTote.length > 0 ? (
        <ul className="pick-done-shipments">
          {withTote.map((s) => (
            <li key={s.id}>
              <Link to={`/pack/${encodeURIComponent(s.id)}`} className="btn btn-secondary">
                {s.tote} · {s.externalId} <FloorStatus status={s.status} />
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** One shipment at the pack station: scan its items into parcels, pack, print, ship. */
export function PackShipmentPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const shipment = useShipment(id);
  useDocumentTitle(
    shipment.data ? t('warehouse.pack.shipmentTitle', { order: shipment.data.externalId }) : null,
  );
  if (shipment.isPending) return <Loading />;
  if (shipment.isError) {
    const notFound = (shipment.error as { status?: number }).status === 404;
    return (
      <div className="page scan-page">
        <BackToStation />
        {notFound ? (
          <EmptyState title={t('errors.notFoundTitle')}>
            <p>{t('warehouse.pack.notFound')}</p>
          </EmptyState>
        ) : (
          <ErrorState error={shipment.error} onRetry={() => void shipment.refetch()} />
        )}
      </div>
    );
  }
  return <PackScreen shipment={shipment.data} />;
}

function BackToStation() {
  const { t } = useI18n();
  return (
    <Link to="/pack" className="back-link">
      ← {t('warehouse.pack.backToStation')}
    </Link>
  );
}

function PackScreen({ shipment }: { shipment: Shipment }) {
  const { t } = useI18n();
  const { can } = useSession();
  const canWrite = can('shipments.write');
  return (
    <div className="page scan-page">
      <BackToStation />
      <div className="page-header">
        <div>
          <h1>{t('warehouse.pack.shipmentTitle', { order: shipment.externalId })}</h1>
          <div className="badges">
            <span data-testid="shipment-status">
              <FloorStatus status={shipment.status} />
            </span>
            {shipment.tote ? (
              <span className="strong">
                {t('warehouse.pack.tote')} {shipment.tote}
              </span>
            ) : null}
            <Link to={`/orders/${encodeURIComponent(shipment.orderId)}`} className="small">
              {t('warehouse.pack.order')} {shipment.externalId}
            </Link>
            <span className="muted small mono">{shipment.id}</span>
          </div>
        </div>
      </div>
      {shipment.status === 'open' ? (
        canWrite ? (
          <PackScanning shipment={shipment} />
        ) : null
      ) : shipment.status === 'voided' ? (
        <p className="notice notice-warning">
          {t('warehouse.pack.notPackable', { status: t('warehouse.status.voided') })}
        </p>
      ) : (
        <>
          <ParcelsSummary shipment={shipment} />
          <Documents shipment={shipment} />
          {shipment.status === 'packed' && canWrite ? <ShipForm shipment={shipment} /> : null}
          {shipment.status === 'shipped' || shipment.status === 'delivered' ? (
            <section className="card pick-done" data-testid="shipped">
              <h2>{t('warehouse.pack.shippedTitle')}</h2>
              <p>
                {shipment.carrier}
                {shipment.service ? ` · ${shipment.service}` : ''}
                {shipment.trackingNumber
                  ? ` · ${t('warehouse.pack.shippedHint', { tracking: shipment.trackingNumber })}`
                  : ''}
              </p>
              <div className="toolbar">
                <Link className="btn btn-secondary" to={`/orders/${encodeURIComponent(shipment.orderId)}`}>
                  {t('warehouse.pack.viewOrder')}
                </Link>
                <Link className="btn btn-primary" to="/pack">
                  {t('warehouse.pack.nextShipment')}
                </Link>
              </div>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function PackScanning({ shipment }: { shipment: Shipment }) {
  const progress = usePackProgress(shipment.id, true);
  if (progress.isPending) return <Loading />;
  if (progress.isError) return <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />;
  return <Scanning shipment={shipment} progress={progress.data} />;
}

function Scanning({ shipment, progress }: { shipment: Shipment; progress: PackProgress }) {
  const { t, plural } = useI18n();
  const toast = useToast();
  const errorText = useErrorMessage();
  const scan = usePackScan(shipment.id);
  const reset = useResetPackScans(shipment.id);
  const scanner = useRef<ScanInputHandle>(null);
  const highest = Math.max(1, ...progress.parcels.map((p) => p.parcelNo));
  const [parcel, setParcel] = useState(highest);
  const [parcelCount, setParcelCount] = useState(highest);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [isResetOpen, setResetOpen] = useState(false);
  const count = Math.max(parcelCount, highest);
  const remaining = packRemaining(progress.items);

  const onScan = (raw: string) => {
    const code = cleanScan(raw);
    scan.mutate(
      { code, parcel },
      {
        onSuccess: (next) => {
          const before = new Map(progress.items.map((i) => [i.sku, i.scanned]));
          const hit = next.items.find((i) => i.scanned !== before.get(i.sku));
          setFeedback({
            tone: 'success',
            text: hit
              ? t('warehouse.pack.scanned', { sku: hit.sku, scanned: hit.scanned, required: hit.required })
              : code,
          });
        },
        onError: (e) =>
          setFeedback({
            tone: 'error',
            text: errorText(e),
            code: e instanceof ApiError ? e.code : undefined,
          }),
      },
    );
  };

  return (
    <>
      <fieldset className="pack-parcels">
        <legend className="pick-field-label">{t('warehouse.pack.parcel')}</legend>
        {Array.from({ length: count }, (_, i) => i + 1).map((n) => (
          <button
            key={n}
            type="button"
            className={`btn btn-touch ${n === parcel ? 'btn-primary' : 'btn-secondary'}`}
            aria-pressed={n === parcel}
            onClick={() => {
              setParcel(n);
              scanner.current?.focus();
            }}
          >
            {n}
          </button>
        ))}
        <Button
          variant="ghost"
          className="btn-touch"
          onClick={() => {
            setParcelCount(count + 1);
            setParcel(count + 1);
            scanner.current?.focus();
          }}
        >
          + {t('warehouse.pack.addParcel')}
        </Button>
      </fieldset>
      {!progress.complete ? (
        <>
          <ScanInput
            ref={scanner}
            label={`${t('warehouse.pack.scanLabel')} — ${t('warehouse.pack.parcel')} ${parcel}`}
            submitLabel={t('common.confirm')}
            isBusy={scan.isPending}
            testId="pack-scan-input"
            onScan={onScan}
          />
          <ScanFeedback feedback={feedback} />
        </>
      ) : (
        <ScanFeedback feedback={{ tone: 'success', text: t('warehouse.pack.complete') }} />
      )}
      <section className="section" aria-labelledby="pack-items">
        <div className="section-header">
          <h2 id="pack-items" data-testid="pack-remaining">
            {progress.complete ? t('warehouse.pack.complete') : plural('warehouse.pack.remaining', remaining)}
          </h2>
          <Button size="sm" variant="ghost" onClick={() => setResetOpen(true)}>
            {t('warehouse.pack.reset')}
          </Button>
        </div>
        <Table caption={t('warehouse.pack.title')}>
          <thead>
            <tr>
              <th>{t('warehouse.pack.columns.sku')}</th>
              <th>{t('warehouse.pack.columns.name')}</th>
              <th>{t('warehouse.pack.columns.scanned')}</th>
              <th>{t('warehouse.pack.columns.parcel')}</th>
            </tr>
          </thead>
          <tbody>
            {progress.items.map((i) => (
              <tr
                key={i.sku}
                className={i.scanned >= i.required ? 'pack-row-done' : undefined}
                data-testid={`pack-row-${i.sku}`}
              >
                <td className="mono strong">{i.sku}</td>
                <td>{i.name}</td>
                <td>
                  <ProgressBar
                    done={i.scanned}
                    total={i.required}
                    label={`${i.sku}: ${i.scanned}/${i.required}`}
                  />
                </td>
                <td className="small">
                  {progress.parcels
                    .filter((p) => p.items.some((x) => x.sku === i.sku))
                    .map((p) => `${p.parcelNo}: ${p.items.find((x) => x.sku === i.sku)?.qty ?? 0}`)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
      {progress.complete ? <PackForm shipment={shipment} progress={progress} /> : null}
      {isResetOpen ? (
        <Dialog
          title={t('warehouse.pack.resetTitle')}
          description={t('warehouse.pack.resetHint')}
          onClose={() => setResetOpen(false)}
          isBusy={reset.isPending}
          footer={
            <>
              <Button onClick={() => setResetOpen(false)} disabled={reset.isPending}>
                {t('common.cancel')}
              </Button>
              <Button
                variant="danger"
                isLoading={reset.isPending}
                onClick={() =>
                  reset.mutate(undefined, {
                    onSuccess: () => {
                      setResetOpen(false);
                      setFeedback(null);
                      setParcel(1);
                      setParcelCount(1);
                      toast.success(t('warehouse.pack.resetDone'));
                    },
                  })
                }
              >
                {t('warehouse.pack.reset')}
              </Button>
            </>
          }
        >
          <InlineError error={reset.error} />
        </Dialog>
      ) : null}
    </>
  );
}

function PackForm({ shipment, progress }: { shipment: Shipment; progress: PackProgress }) {
  const { t } = useI18n();
  const toast = useToast();
  const cartons = useCartonTypes();
  const pack = usePackShipment(shipment.id);
  const parcelNos = progress.parcels.map((p) => p.parcelNo).sort((a, b) => a - b);
  const [values, setValues] = useState<Record<number, { carton: string; weight: string }>>({});
  const [isSubmitted, setSubmitted] = useState(false);
  const firstCarton = cartons.data?.[0]?.code ?? '';
  const parcelValue = (n: number) => values[n] ?? { carton: firstCarton, weight: '' };
  const set = (n: number, patch: Partial<{ carton: string; weight: string }>) =>
    setValues((all) => ({ ...all, [n]: { ...parcelValue(n), ...patch } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const parcels = parcelNos.map((n) => ({
      n,
      ...parcelValue(n),
      grams: parseGrams(parcelValue(n).weight),
    }));
    if (parcels.some((p) => p.grams === null)) return;
    pack.mutate(
      {
        parcels: parcels.map((p) => ({
          parcelNo: p.n,
          weightGrams: p.grams!,
          ...(p.carton ? { cartonType: p.carton } : {}),
        })),
      },
      { onSuccess: (s) => toast.success(t('warehouse.pack.packed', { count: s.parcels.length })) },
    );
  };

  return (
    <section className="card section" aria-labelledby="pack-parcels-title">
      <h2 id="pack-parcels-title">{t('warehouse.pack.parcelsTitle')}</h2>
      <form onSubmit={submit} noValidate className="pack-form">
        {parcelNos.map((n) => (
          <fieldset key={n} className="pack-parcel">
            <legend>
              {t('warehouse.pack.parcel')} {n}
            </legend>
            <SelectField
              label={t('warehouse.pack.cartonType')}
              value={parcelValue(n).carton}
              onChange={(e) => set(n, { carton: e.target.value })}
              data-testid={`carton-${n}`}
            >
              <option value="">{t('warehouse.pack.noCarton')}</option>
              {(cartons.data ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
            <TextField
              label={t('warehouse.pack.weight')}
              inputMode="numeric"
              value={parcelValue(n).weight}
              onChange={(e) => set(n, { weight: e.target.value })}
              error={
                isSubmitted && parseGrams(parcelValue(n).weight) === null
                  ? t('warehouse.pack.weightRequired')
                  : null
              }
              data-testid={`weight-${n}`}
            />
          </fieldset>
        ))}
        <InlineError error={pack.error} />
        <div className="toolbar">
          <Button type="submit" variant="primary" className="btn-touch" isLoading={pack.isPending}>
            {t('warehouse.pack.packSubmit')}
          </Button>
        </div>
      </form>
    </section>
  );
}

function ParcelsSummary({ shipment }: { shipment: Shipment }) {
  const { t, number } = useI18n();
  if (shipment.parcels.length === 0) return null;
  return (
    <section className="section" aria-labelledby="parcels-title">
      <h2 id="parcels-title">{t('warehouse.pack.parcelsTitle')}</h2>
      <Table caption={t('warehouse.pack.parcelsTitle')}>
        <thead>
          <tr>
            <th>{t('warehouse.pack.parcel')}</th>
            <th>{t('warehouse.pack.sscc')}</th>
            <th>{t('warehouse.pack.cartonType')}</th>
            <th className="num">{t('warehouse.pack.weight')}</th>
            <th>{t('warehouse.pack.columns.sku')}</th>
          </tr>
        </thead>
        <tbody>
          {shipment.parcels.map((p) => (
            <tr key={p.parcelNo}>
              <td>{p.parcelNo}</td>
              <td className="mono small">{p.sscc}</td>
              <td>{p.cartonType ?? '—'}</td>
              <td className="num">{number(p.weightGrams)}</td>
              <td className="small">{p.items.map((i) => `${i.qty} × ${i.sku}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}

function Documents({ shipment }: { shipment: Shipment }) {
  const { t } = useI18n();
  if (shipment.parcels.length === 0) return null;
  const urls = documentUrls(shipment.id);
  return (
    <section className="card section" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('warehouse.pack.documents')}</h2>
      <div className="toolbar">
        <a
          className="btn btn-secondary btn-touch"
          href={urls.labelPdf}
          target="_blank"
          rel="noopener"
          data-testid="label-pdf"
        >
          {t('warehouse.pack.labelPdf')}
        </a>
        <a
          className="btn btn-secondary btn-touch"
          href={urls.labelZpl}
          download={`${shipment.id}.zpl`}
          data-testid="label-zpl"
        >
          {t('warehouse.pack.labelZpl')}
        </a>
        <a
          className="btn btn-secondary btn-touch"
          href={urls.packingSlip}
          target="_blank"
          rel="noopener"
          data-testid="packing-slip"
        >
          {t('warehouse.pack.packingSlip')}
        </a>
      </div>
    </section>
  );
}

function ShipForm({ shipment }: { shipment: Shipment }) {
  const { t, money } = useI18n();
  const toast = useToast();
  const carriers = useCarriers();
  const rates = useRates(shipment.id, true);
  const ship = useShipShipment(shipment.id);
  const list: Carrier[] = carriers.data ?? [];
  const preferred = list.find((c) => c.kind === 'rate_table') ?? list[0];
  const [carrierCode, setCarrierCode] = useState<string | null>(null);
  const carrier = list.find((c) => c.code === carrierCode) ?? preferred;
  const [serviceCode, setServiceCode] = useState<string | null>(null);
  const service = carrier?.services.find((s) => s.code === serviceCode) ?? carrier?.services[0];
  const [tracking, setTracking] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const needsTracking = carrier?.kind === 'manual';
  const quote = (serviceCode: string) =>
    rates.data?.quotes.find((q) => q.carrier === carrier?.code && q.service === serviceCode);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!carrier || (needsTracking && tracking.trim() === '')) return;
    ship.mutate(
      {
        carrier: carrier.code,
        ...(service && carrier.kind !== 'manual' ? { service: service.code } : {}),
        ...(tracking.trim() ? { trackingNumber: tracking.trim() } : {}),
      },
      { onSuccess: () => toast.success(t('warehouse.pack.shipped', { carrier: carrier.name })) },
    );
  };

  if (carriers.isPending) return <Loading />;
  if (carriers.isError) return <ErrorState error={carriers.error} onRetry={() => void carriers.refetch()} />;
  return (
    <section className="card section" aria-labelledby="ship-title">
      <h2 id="ship-title">{t('warehouse.pack.ship')}</h2>
      <form onSubmit={submit} noValidate className="pack-form">
        <SelectField
          label={t('warehouse.pack.carrier')}
          value={carrier?.code ?? ''}
          onChange={(e) => {
            setCarrierCode(e.target.value);
            setServiceCode(null);
          }}
          data-testid="ship-carrier"
        >
          {list.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {carrier && carrier.kind !== 'manual' ? (
          <SelectField
            label={t('warehouse.pack.service')}
            value={service?.code ?? ''}
            onChange={(e) => setServiceCode(e.target.value)}
            data-testid="ship-service"
          >
            {carrier.services.map((s) => {
              const q = quote(s.code);
              return (
                <option key={s.code} value={s.code}>
                  {s.name}
                  {q ? ` — ${money(q.priceMinor, q.currency)}` : ''}
                </option>
              );
            })}
          </SelectField>
        ) : null}
        <TextField
          label={t('warehouse.pack.tracking')}
          hint={needsTracking ? undefined : t('warehouse.pack.trackingHint')}
          value={tracking}
          onChange={(e) => setTracking(e.target.value)}
          isOptional={!needsTracking}
          error={
            isSubmitted && needsTracking && tracking.trim() === ''
              ? t('warehouse.pack.trackingRequired')
              : null
          }
        />
        <InlineError error={ship.error} />
        <div className="toolbar">
          <Button type="submit" variant="primary" className="btn-touch" isLoading={ship.isPending}>
            {t('warehouse.pack.ship')}
          </Button>
        </div>
      </form>
    </section>
  );
}
