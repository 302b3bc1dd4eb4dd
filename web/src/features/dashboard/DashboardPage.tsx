import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { EmptyState, ErrorState, Loading, SelectField, Table } from '../../ui';
import { type Dashboard, useDashboard } from './api';
import { AXIS_TICK, ChartCard, colour, GRID_STROKE, Tile } from './ChartCard';
import './dashboard.css';

/** The periods offered, in days; the API takes any from 1 to 366. */
const PERIODS = [7, 30, 90] as const;
const DEFAULT_DAYS = 30;
const CHART_HEIGHT = 260;

function parseDays(raw: string | null): number {
  const n = Number(raw);
  return (PERIODS as readonly number[]).includes(n) ? n : DEFAULT_DAYS;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** "27 Nov" / "27 nov.": the server's dates are UTC days, so they are shown as such. */
function shortDay(locale: string, date: string): string {
  let f = dayFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    dayFormats.set(locale, f);
  }
  return f.format(new Date(`${date}T00:00:00Z`));
}

/**
 * The dashboard: headline tiles and charts over the caller's warehouses (orders per day by channel,
 * open orders by status, stock by warehouse, best sellers, shrinkage) and the low-stock list, asked
 * again every 30 s. Sections the role may not read say so instead of showing nothing.
 */
export function DashboardPage() {
  const { t, plural, dateTime } = useI18n();
  useDocumentTitle(t('dashboard.title'));
  const [params, setParams] = useSearchParams();
  const days = parseDays(params.get('days'));
  const dashboard = useDashboard(days);
  const data = dashboard.data;

  return (
    <div className="page dashboard">
      <div className="page-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p className="muted">{t('dashboard.subtitle')}</p>
        </div>
        <div className="dashboard-controls">
          <SelectField
            label={t('dashboard.period')}
            name="days"
            value={String(days)}
            onChange={(e) =>
              setParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (Number(e.target.value) === DEFAULT_DAYS) next.delete('days');
                  else next.set('days', e.target.value);
                  return next;
                },
                { replace: true },
              )
            }
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {plural('dashboard.lastDays', p)}
              </option>
            ))}
          </SelectField>
          {data ? (
            <p className="muted small dashboard-updated" aria-live="polite">
              {dashboard.isFetching
                ? t('dashboard.refreshing')
                : t('dashboard.updatedAt', {
                    time: dateTime(new Date(dashboard.dataUpdatedAt).toISOString()),
                  })}
            </p>
          ) : null}
        </div>
      </div>

      {dashboard.isPending ? (
        <Loading />
      ) : dashboard.isError && !data ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : data ? (
        <div className={`dashboard-body${dashboard.isPlaceholderData ? ' is-stale' : ''}`}>
          {dashboard.isError ? (
            <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
          ) : null}
          <Tiles data={data} />
          <div className="dashboard-grid">
            <OrdersPerDay data={data} />
            <OrdersByStatus data={data} />
            <StockByWarehouse data={data} />
            <TopSkus data={data} />
            <Shrinkage data={data} />
            <LowStock data={data} />
          </div>
        </div>
      ) : null}
    </div>
  );
}

function Tiles({ data }: { data: Dashboard }) {
  const { t, number } = useI18n();
  const open = data.ordersByStatus.statuses.reduce((n, s) => n + s.orders, 0);
  const placed = data.ordersPerDay.reduce((n, d) => n + d.total, 0);
  return (
    <div className="tiles">
      <Tile label={t('dashboard.tiles.ordersInPeriod')} value={number(placed)} testId="tile-orders" />
      <Tile label={t('dashboard.tiles.openOrders')} value={number(open)} testId="tile-open" to="/orders" />
      <Tile
        label={t('dashboard.tiles.onHold')}
        value={number(data.ordersByStatus.onHold)}
        tone={data.ordersByStatus.onHold > 0 ? 'warning' : undefined}
        testId="tile-on-hold"
        to="/orders?onHold=true"
      />
      <Tile
        label={t('dashboard.tiles.backorderedOrders')}
        value={number(data.backorders.orders)}
        tone={data.backorders.orders > 0 ? 'danger' : undefined}
        testId="tile-backorders"
      />
      <Tile
        label={t('dashboard.tiles.backorderedUnits')}
        value={number(data.backorders.units)}
        tone={data.backorders.units > 0 ? 'danger' : undefined}
        testId="tile-backordered-units"
      />
    </div>
  );
}

/** Tooltip and axis settings every chart shares: figures in the reader's locale. */
function useChartFormat() {
  const { number } = useI18n();
  return {
    tick: (v: unknown) => number(Number(v)),
    value: (v: unknown) => number(Number(v)),
  };
}

function OrdersPerDay({ data }: { data: Dashboard }) {
  const { t, locale } = useI18n();
  const format = useChartFormat();
  const codes = useMemo(() => {
    const seen = new Set(data.channels.map((c) => c.code));
    for (const day of data.ordersPerDay) for (const code of Object.keys(day.byChannel)) seen.add(code);
    return [...seen];
  }, [data]);
  const rows = data.ordersPerDay.map((d) => ({ date: d.date, ...d.byChannel }));
  const names = new Map(data.channels.map((c) => [c.code, c.name]));
  const isEmpty = data.ordersPerDay.every((d) => d.total === 0);
  return (
    <ChartCard
      title={t('dashboard.charts.ordersPerDay')}
      note={t('dashboard.notes.ordersPerDay')}
      className="dashboard-wide"
      testId="chart-orders-per-day"
      summary={
        isEmpty
          ? null
          : {
              columns: [t('dashboard.series.date'), ...codes],
              rows: data.ordersPerDay
                .filter((d) => d.total > 0)
                .map((d) => [shortDay(locale, d.date), ...codes.map((c) => d.byChannel[c] ?? 0)]),
            }
      }
    >
      {isEmpty ? (
        <EmptyState title={t('dashboard.empty.orders')} />
      ) : (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis
              dataKey="date"
              tick={AXIS_TICK}
              tickFormatter={(d: string) => shortDay(locale, d)}
              minTickGap={12}
            />
            <YAxis allowDecimals={false} tick={AXIS_TICK} tickFormatter={format.tick} />
            <Tooltip
              formatter={format.value}
              labelFormatter={(d) => shortDay(locale, String(d))}
              cursor={{ fill: 'rgb(36 86 166 / 8%)' }}
            />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            {codes.map((code, i) => (
              <Bar
                key={code}
                dataKey={code}
                name={names.get(code) ?? code}
                stackId="orders"
                fill={colour(i)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

function OrdersByStatus({ data }: { data: Dashboard }) {
  const { t, label } = useI18n();
  const format = useChartFormat();
  const rows = data.ordersByStatus.statuses.map((s) => ({
    name: label('status', s.status),
    orders: s.orders,
  }));
  const isEmpty = rows.every((r) => r.orders === 0);
  return (
    <ChartCard
      title={t('dashboard.charts.ordersByStatus')}
      testId="chart-orders-by-status"
      summary={
        isEmpty
          ? null
          : {
              columns: [t('dashboard.series.status'), t('dashboard.series.orders')],
              rows: rows.map((r) => [r.name, r.orders]),
            }
      }
    >
      {isEmpty ? (
        <EmptyState title={t('dashboard.empty.open')} />
      ) : (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} tickFormatter={format.tick} />
            <YAxis type="category" dataKey="name" width={120} tick={AXIS_TICK} interval={0} />
            <Tooltip formatter={format.value} cursor={{ fill: 'rgb(36 86 166 / 8%)' }} />
            <Bar
              dataKey="orders"
              name={t('dashboard.series.orders')}
              fill={colour(0)}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

function NotAllowed({ title, testId }: { title: string; testId: string }) {
  const { t } = useI18n();
  return (
    <ChartCard title={title} testId={testId}>
      <EmptyState title={t('dashboard.notAllowed')} />
    </ChartCard>
  );
}

function StockByWarehouse({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const format = useChartFormat();
  const title = t('dashboard.charts.stockByWarehouse');
  if (data.stockByWarehouse === null) return <NotAllowed title={title} testId="chart-stock" />;
  const rows = data.stockByWarehouse;
  return (
    <ChartCard
      title={title}
      note={t('dashboard.notes.stockByWarehouse')}
      testId="chart-stock"
      summary={{
        columns: [
          t('dashboard.series.warehouse'),
          t('dashboard.series.onHand'),
          t('dashboard.series.reserved'),
          t('dashboard.series.available'),
        ],
        rows: rows.map((r) => [r.warehouse, r.onHand, r.reserved, r.available]),
      }}
    >
      {rows.length === 0 ? (
        <EmptyState title={t('dashboard.empty.stock')} />
      ) : (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke={GRID_STROKE} />
            <XAxis dataKey="warehouse" tick={AXIS_TICK} />
            <YAxis allowDecimals={false} tick={AXIS_TICK} tickFormatter={format.tick} width={56} />
            <Tooltip formatter={format.value} cursor={{ fill: 'rgb(36 86 166 / 8%)' }} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            {/* Available and reserved stacked: the bar's height is what is on hand. */}
            <Bar
              dataKey="available"
              name={t('dashboard.series.available')}
              stackId="stock"
              fill={colour(2)}
              isAnimationActive={false}
            />
            <Bar
              dataKey="reserved"
              name={t('dashboard.series.reserved')}
              stackId="stock"
              fill={colour(1)}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

function TopSkus({ data }: { data: Dashboard }) {
  const { t } = useI18n();
  const format = useChartFormat();
  const title = t('dashboard.charts.topSkus');
  if (data.topSkus === null) return <NotAllowed title={title} testId="chart-top-skus" />;
  const rows = data.topSkus;
  return (
    <ChartCard
      title={title}
      note={t('dashboard.notes.topSkus')}
      testId="chart-top-skus"
      summary={{
        columns: [t('dashboard.series.sku'), t('dashboard.series.units')],
        rows: rows.map((r) => [r.sku, r.units]),
      }}
    >
      {rows.length === 0 ? (
        <EmptyState title={t('dashboard.empty.topSkus')} />
      ) : (
        <ResponsiveContainer width="100%" height={Math.max(CHART_HEIGHT, rows.length * 28 + 40)}>
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} tickFormatter={format.tick} />
            <YAxis type="category" dataKey="sku" width={130} tick={AXIS_TICK} interval={0} />
            <Tooltip
              formatter={format.value}
              labelFormatter={(sku, payload) => {
                const item = payload?.[0]?.payload as { name?: string } | undefined;
                return item?.name ? `${String(sku)} · ${item.name}` : String(sku);
              }}
              cursor={{ fill: 'rgb(36 86 166 / 8%)' }}
            />
            <Bar
              dataKey="units"
              name={t('dashboard.series.units')}
              fill={colour(0)}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

function Shrinkage({ data }: { data: Dashboard }) {
  const { t, label } = useI18n();
  const format = useChartFormat();
  const title = t('dashboard.charts.shrinkage');
  if (data.shrinkage === null) return <NotAllowed title={title} testId="chart-shrinkage" />;
  const rows = data.shrinkage.byReason.map((r) => ({ ...r, name: label('reason', r.reason) }));
  return (
    <ChartCard
      title={title}
      testId="chart-shrinkage"
      summary={{
        columns: [t('dashboard.series.reason'), t('dashboard.series.lost'), t('dashboard.series.found')],
        rows: rows.map((r) => [r.name, r.qtyLost, r.qtyFound]),
      }}
    >
      {rows.length === 0 ? (
        <EmptyState title={t('dashboard.empty.shrinkage')} />
      ) : (
        <ResponsiveContainer width="100%" height={Math.max(CHART_HEIGHT, rows.length * 40 + 60)}>
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
            <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} tickFormatter={format.tick} />
            <YAxis type="category" dataKey="name" width={130} tick={AXIS_TICK} interval={0} />
            <Tooltip formatter={format.value} cursor={{ fill: 'rgb(36 86 166 / 8%)' }} />
            <Legend wrapperStyle={{ fontSize: 13 }} />
            <Bar
              dataKey="qtyLost"
              name={t('dashboard.series.lost')}
              fill={colour(5)}
              isAnimationActive={false}
            />
            <Bar
              dataKey="qtyFound"
              name={t('dashboard.series.found')}
              fill={colour(2)}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

function LowStock({ data }: { data: Dashboard }) {
  const { t, number } = useI18n();
  const title = t('dashboard.charts.lowStock');
  if (data.lowStock === null) return <NotAllowed title={title} testId="low-stock" />;
  const rows = data.lowStock;
  return (
    <ChartCard
      title={title}
      note={t('dashboard.notes.lowStock')}
      className="dashboard-wide"
      testId="low-stock"
    >
      {rows.length === 0 ? (
        <EmptyState title={t('dashboard.empty.lowStock')} />
      ) : (
        <Table caption={title} className="low-stock-table">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.columns.sku')}</th>
              <th scope="col">{t('dashboard.columns.name')}</th>
              <th scope="col">{t('dashboard.columns.warehouse')}</th>
              <th scope="col" className="num">
                {t('dashboard.columns.available')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.columns.lowAt')}
              </th>
              <th scope="col" className="num">
                {t('dashboard.columns.shortBy')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.sku}|${r.warehouse}`}>
                <td>
                  <Link to={`/skus/${encodeURIComponent(r.sku)}`} className="mono">
                    {r.sku}
                  </Link>
                </td>
                <td>{r.skuName}</td>
                <td>{r.warehouse}</td>
                <td className="num">{number(r.available)}</td>
                <td className="num">{number(r.lowAt)}</td>
                <td className="num">{number(r.shortBy)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </ChartCard>
  );
}
