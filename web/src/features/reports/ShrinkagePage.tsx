import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { operations } from '../../api/schema';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { type CsvColumn, downloadCsv, toCsv } from '../../lib/csv';
import { dayEndExclusiveIso, dayStartIso } from '../../lib/dates';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, EmptyState, ErrorState, Loading, SelectField, Table, TextField, useToast } from '../../ui';
import { useWarehouses } from '../settings/api';
import { ActorOptions } from './ActorOptions';
import { exportFileName } from './export';

type ShrinkageQuery = NonNullable<operations['getShrinkageReport']['parameters']['query']>;
type Report = operations['getShrinkageReport']['responses'][200]['content']['application/json'];
type Row = Report['rows'][number];
type Period = NonNullable<ShrinkageQuery['period']>;

const PERIODS: readonly Period[] = ['all', 'day', 'week', 'month'];
/** Reasons that move stock to or from an adjustment or scrap location (src/modules/inventory/domain/reasons.ts). */
const REASONS = [
  'damage',
  'theft',
  'loss',
  'found',
  'count',
  'other',
  'expired',
  'defective',
  'recall',
] as const;
const FILTERS = ['since', 'until', 'warehouse', 'sku', 'reason', 'actor', 'period'] as const;
type Filter = (typeof FILTERS)[number];

function toQuery(params: URLSearchParams): ShrinkageQuery {
  const get = (k: Filter) => params.get(k)?.trim() || undefined;
  const query: ShrinkageQuery = {};
  const since = get('since');
  const until = get('until');
  const sinceIso = since ? dayStartIso(since) : undefined;
  const untilIso = until ? dayEndExclusiveIso(until) : undefined;
  if (sinceIso) query.since = sinceIso;
  if (untilIso) query.until = untilIso;
  for (const k of ['warehouse', 'sku', 'reason', 'actor'] as const) {
    const v = get(k);
    if (v) query[k] = v;
  }
  const period = get('period');
  if (period && (PERIODS as readonly string[]).includes(period)) query.period = period as Period;
  return query;
}

/** Stock lost and found by SKU, location, reason, person and period, with totals; exported as CSV. */
export function ShrinkagePage() {
  const { t, label, number, date, plural } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  useDocumentTitle(t('reports.tabs.shrinkage'));
  const actorLabel = useActorLabel();
  const warehouses = useWarehouses(can('locations.read'));
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => toQuery(params), [params]);
  const [draft, setDraft] = useState<Record<Filter, string>>(
    () => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<Filter, string>,
  );
  const report = useQuery({
    queryKey: ['reports', 'shrinkage', query],
    queryFn: ({ signal }) => unwrap(api.GET('/v1/reports/shrinkage', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
  const isGrouped = (query.period ?? 'all') !== 'all';

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next, { replace: true });
  };
  const set = (k: Filter) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));

  const exportCsv = () => {
    if (!report.data) return;
    const columns: CsvColumn<Row>[] = [
      { header: 'period', value: (r) => r.period },
      { header: 'sku', value: (r) => r.sku },
      { header: 'location', value: (r) => r.location },
      { header: 'warehouse', value: (r) => r.warehouse },
      { header: 'reason', value: (r) => r.reason },
      { header: 'actorKind', value: (r) => r.actor.kind },
      { header: 'actorId', value: (r) => r.actor.id },
      { header: 'actorName', value: (r) => actorLabel(r.actor) },
      { header: 'qtyLost', value: (r) => r.qtyLost },
      { header: 'qtyFound', value: (r) => r.qtyFound },
      { header: 'netQty', value: (r) => r.netQty },
      { header: 'moves', value: (r) => r.moves },
    ];
    downloadCsv(exportFileName('shrinkage'), toCsv(report.data.rows, columns));
    toast.success(plural('reports.exported', report.data.rows.length));
  };

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('reports.shrinkage.intro')}</p>
        <Button onClick={exportCsv} disabled={!report.data}>
          {t('reports.exportCsv')}
        </Button>
      </div>
      <search>
        <form className="filters" onSubmit={apply}>
          <TextField
            label={t('reports.since')}
            name="since"
            type="date"
            value={draft.since}
            onChange={set('since')}
          />
          <TextField
            label={t('reports.until')}
            name="until"
            type="date"
            value={draft.until}
            onChange={set('until')}
          />
          <SelectField
            label={t('reports.shrinkage.warehouse')}
            name="warehouse"
            value={draft.warehouse}
            onChange={set('warehouse')}
          >
            <option value="">{t('common.all')}</option>
            {(warehouses.data ?? []).map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('reports.shrinkage.sku')}
            name="sku"
            value={draft.sku}
            autoComplete="off"
            onChange={set('sku')}
          />
          <SelectField
            label={t('reports.shrinkage.reason')}
            name="reason"
            value={draft.reason}
            onChange={set('reason')}
          >
            <option value="">{t('common.all')}</option>
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {label('reason', r)}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('reports.shrinkage.actor')}
            name="actor"
            value={draft.actor}
            autoComplete="off"
            list="shrinkage-actors"
            onChange={set('actor')}
          />
          <ActorOptions id="shrinkage-actors" />
          <SelectField
            label={t('reports.shrinkage.period')}
            name="period"
            value={draft.period || 'all'}
            onChange={set('period')}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`reports.shrinkage.periods.${p}`)}
              </option>
            ))}
          </SelectField>
          <div className="filters-actions">
            <Button type="submit" variant="primary">
              {t('reports.apply')}
            </Button>
          </div>
        </form>
      </search>
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <div className="card">
            <h2 className="visually-hidden">{t('reports.shrinkage.totals')}</h2>
            <dl className="totals" data-testid="shrinkage-totals">
              <div>
                <dt className="muted small">{t('reports.shrinkage.totalLost')}</dt>
                <dd className="total-value text-danger">{number(report.data.totals.qtyLost)}</dd>
              </div>
              <div>
                <dt className="muted small">{t('reports.shrinkage.totalFound')}</dt>
                <dd className="total-value text-success">{number(report.data.totals.qtyFound)}</dd>
              </div>
              <div>
                <dt className="muted small">{t('reports.shrinkage.net')}</dt>
                <dd className="total-value">
                  {number(report.data.totals.qtyFound - report.data.totals.qtyLost)}
                </dd>
              </div>
            </dl>
            {Object.keys(report.data.totals.byReason).length > 0 ? (
              <dl className="totals totals-small" aria-label={t('reports.shrinkage.byReason')}>
                {Object.entries(report.data.totals.byReason).map(([reason, v]) => (
                  <div key={reason}>
                    <dt className="muted small">{label('reason', reason)}</dt>
                    <dd className="num">
                      <span className="text-danger">−{number(v.qtyLost)}</span> /{' '}
                      <span className="text-success">+{number(v.qtyFound)}</span>
                    </dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </div>
          {report.data.rows.length === 0 ? (
            <EmptyState title={t('reports.shrinkage.empty')} />
          ) : (
            <Table
              caption={t('reports.tabs.shrinkage')}
              className={`shrinkage-table${report.isPlaceholderData ? ' is-stale' : ''}`}
            >
              <thead>
                <tr>
                  {isGrouped ? <th scope="col">{t('reports.shrinkage.columns.period')}</th> : null}
                  <th scope="col">{t('reports.shrinkage.columns.sku')}</th>
                  <th scope="col">{t('reports.shrinkage.columns.location')}</th>
                  <th scope="col">{t('reports.shrinkage.columns.reason')}</th>
                  <th scope="col">{t('reports.shrinkage.columns.actor')}</th>
                  <th scope="col" className="num">
                    {t('reports.shrinkage.columns.lost')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.shrinkage.columns.found')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.shrinkage.columns.net')}
                  </th>
                  <th scope="col" className="num">
                    {t('reports.shrinkage.columns.moves')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {report.data.rows.map((r) => (
                  <tr key={`${r.period}|${r.sku}|${r.location}|${r.reason}|${r.actor.kind}|${r.actor.id}`}>
                    {isGrouped ? <td>{date(r.period)}</td> : null}
                    <td className="mono">{r.sku}</td>
                    <td className="mono">{r.location}</td>
                    <td>{label('reason', r.reason)}</td>
                    <td>{actorLabel(r.actor)}</td>
                    <td className="num">{number(r.qtyLost)}</td>
                    <td className="num">{number(r.qtyFound)}</td>
                    <td className="num">{number(r.netQty)}</td>
                    <td className="num">{number(r.moves)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </>
      )}
    </section>
  );
}
