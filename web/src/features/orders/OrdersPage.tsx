import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useWarehouses } from '../../api/operations';
import { useChannels, useOrders } from '../../api/queries';
import { ORDER_STATUSES, type Order, type OrdersQuery } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { dayEndExclusiveIso, dayStartIso } from '../../lib/dates';
import { useDebounced } from '../../lib/use-debounced';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Loading,
  SelectField,
  Spinner,
  StatusBadge,
  TextField,
} from '../../ui';

const TEXT_FILTERS = ['externalId', 'sku', 'customer'] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];

/** The API query from the address bar, so a filtered list can be bookmarked and shared. */
function queryFrom(params: URLSearchParams): OrdersQuery {
  const q: OrdersQuery = {};
  const status = params.get('status');
  if (status) q.status = status;
  const channel = params.get('channel');
  if (channel) q.channel = channel;
  const warehouse = params.get('warehouse');
  if (warehouse) q.warehouse = warehouse;
  for (const name of TEXT_FILTERS) {
    const value = params.get(name)?.trim();
    if (value) q[name] = value;
  }
  const onHold = params.get('onHold');
  if (onHold === 'true' || onHold === 'false') q.onHold = onHold === 'true';
  const since = params.get('from') ? dayStartIso(params.get('from')!) : undefined;
  if (since) q.placedSince = since;
  const until = params.get('to') ? dayEndExclusiveIso(params.get('to')!) : undefined;
  if (until) q.placedUntil = until;
  return q;
}

const unitsOf = (o: Order) => o.lines.reduce((sum, l) => sum + l.qtyOrdered - l.qtyCancelled, 0);

/**
 * Orders, newest first, with the API's filters. Pages of 100 come from the server by cursor as the list
 * scrolls, and only the rows on screen are in the DOM, so a list of 10^5 orders scrolls like one of 10.
 */
export function OrdersPage() {
  const { t, plural, label, dateTime, money } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('orders.title'));

  // Text filters are typed into local state and reach the address bar once typing pauses.
  const [text, setText] = useState<Record<TextFilter, string>>(() => ({
    externalId: params.get('externalId') ?? '',
    sku: params.get('sku') ?? '',
    customer: params.get('customer') ?? '',
  }));
  const settledText = useDebounced(text, 350);
  useEffect(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const name of TEXT_FILTERS) {
          const value = settledText[name].trim();
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next.toString() === current.toString() ? current : next;
      },
      { replace: true },
    );
  }, [settledText, setParams]);

  const setParam = (name: string, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const clearFilters = () => {
    setText({ externalId: '', sku: '', customer: '' });
    setParams(new URLSearchParams(), { replace: true });
  };

  const filters = useMemo(() => queryFrom(params), [params]);
  const activeFilters = Object.keys(filters).length;
  const hasFilters = activeFilters > 0;
  // Open on a wide screen; on a phone the filters would hide the list, so they start folded.
  const [isFiltersOpen, setFiltersOpen] = useState(
    () => hasFilters || window.matchMedia('(min-width: 640px)').matches,
  );
  const orders = useOrders(filters);
  const channels = useChannels(can('channels.read'));
  const warehouses = useWarehouses(can('locations.read'));
  const rows = useMemo(() => orders.data?.pages.flatMap((p) => p.items) ?? [], [orders.data]);

  // The list's distance from the top of the document, which the window virtualiser needs; the filters
  // above it change height as the window narrows.
  const [listElement, setListElement] = useState<HTMLTableSectionElement | null>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    if (!listElement) return;
    const measure = () => {
      const top = listElement.getBoundingClientRect().top + window.scrollY;
      setScrollMargin((old) => (Math.abs(old - top) > 0.5 ? top : old));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [listElement]);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => 58,
    overscan: 12,
    scrollMargin,
    getItemKey: (index) => rows[index]?.id ?? index,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const lastVisible = virtualRows[virtualRows.length - 1]?.index ?? -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = orders;
  useEffect(() => {
    if (lastVisible >= rows.length - 25 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastVisible, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('orders.title')}</h1>
        {orders.isSuccess ? (
          <p className="muted" aria-live="polite">
            {plural('orders.loaded', rows.length)}
            {hasNextPage ? ` · ${t('orders.moreAvailable')}` : ''}
          </p>
        ) : null}
        {can('orders.write') ? (
          <div className="toolbar">
            <Link to="/orders/import" className="btn btn-secondary">
              <span>{t('orderImport.open')}</span>
            </Link>
          </div>
        ) : null}
      </div>

      <details
        className="filters-panel"
        open={isFiltersOpen}
        onToggle={(e) => setFiltersOpen((e.target as HTMLDetailsElement).open)}
      >
        <summary>
          {t('common.filters')}
          {activeFilters > 0 ? <Badge tone="info">{activeFilters}</Badge> : null}
        </summary>
        <form className="filters" aria-label={t('common.filters')} onSubmit={(e) => e.preventDefault()}>
          <SelectField
            label={t('orders.filters.status')}
            value={params.get('status') ?? ''}
            onChange={(e) => setParam('status', e.target.value)}
          >
            <option value="">{t('common.any')}</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {label('status', s)}
              </option>
            ))}
          </SelectField>
          {channels.data ? (
            <SelectField
              label={t('orders.filters.channel')}
              value={params.get('channel') ?? ''}
              onChange={(e) => setParam('channel', e.target.value)}
            >
              <option value="">{t('common.any')}</option>
              {channels.data.map((c) => (
                <option key={c.id} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          ) : null}
          {warehouses.data ? (
            <SelectField
              label={t('orders.filters.warehouse')}
              value={params.get('warehouse') ?? ''}
              onChange={(e) => setParam('warehouse', e.target.value)}
            >
              <option value="">{t('common.any')}</option>
              {warehouses.data.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </SelectField>
          ) : null}
          <TextField
            label={t('orders.filters.externalId')}
            type="search"
            value={text.externalId}
            onChange={(e) => setText((old) => ({ ...old, externalId: e.target.value }))}
          />
          <TextField
            label={t('orders.filters.sku')}
            type="search"
            value={text.sku}
            onChange={(e) => setText((old) => ({ ...old, sku: e.target.value }))}
          />
          <TextField
            label={t('orders.filters.customer')}
            type="search"
            value={text.customer}
            onChange={(e) => setText((old) => ({ ...old, customer: e.target.value }))}
          />
          <TextField
            label={t('orders.filters.placedSince')}
            type="date"
            value={params.get('from') ?? ''}
            onChange={(e) => setParam('from', e.target.value)}
          />
          <TextField
            label={t('orders.filters.placedUntil')}
            type="date"
            value={params.get('to') ?? ''}
            onChange={(e) => setParam('to', e.target.value)}
          />
          <SelectField
            label={t('orders.filters.onHold')}
            value={params.get('onHold') ?? ''}
            onChange={(e) => setParam('onHold', e.target.value)}
          >
            <option value="">{t('common.any')}</option>
            <option value="true">{t('common.yes')}</option>
            <option value="false">{t('common.no')}</option>
          </SelectField>
          <div className="filters-actions">
            <Button
              variant="ghost"
              onClick={clearFilters}
              disabled={!hasFilters && !Object.values(text).some(Boolean)}
            >
              {t('common.clearFilters')}
            </Button>
          </div>
        </form>
      </details>

      {orders.isPending ? (
        <Loading />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('orders.empty')}>
          {hasFilters ? (
            <>
              <p>{t('orders.emptyHint')}</p>
              <Button onClick={clearFilters}>{t('common.clearFilters')}</Button>
            </>
          ) : null}
        </EmptyState>
      ) : (
        <>
          <table
            aria-rowcount={hasNextPage ? -1 : rows.length + 1}
            className={`grid-table orders-grid${orders.isPlaceholderData ? ' is-stale' : ''}`}
            aria-busy={orders.isPlaceholderData || undefined}
          >
            <caption className="visually-hidden">{t('orders.title')}</caption>
            <thead className="grid-head">
              <tr className="grid-row" aria-rowindex={1}>
                <th scope="col">{t('orders.columns.order')}</th>
                <th scope="col">{t('orders.columns.channel')}</th>
                <th scope="col">{t('orders.columns.customer')}</th>
                <th scope="col">{t('orders.columns.placed')}</th>
                <th scope="col">{t('orders.columns.status')}</th>
                <th scope="col" className="num">
                  {t('orders.columns.units')}
                </th>
                <th scope="col" className="num">
                  {t('orders.columns.total')}
                </th>
              </tr>
            </thead>
            <tbody ref={setListElement} className="grid-body" style={{ height: virtualizer.getTotalSize() }}>
              {virtualRows.map((item) => {
                const o = rows[item.index];
                if (!o) return null;
                return (
                  <tr
                    key={item.key}
                    data-index={item.index}
                    ref={virtualizer.measureElement}
                    aria-rowindex={item.index + 2}
                    className="grid-row grid-row-link"
                    style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
                  >
                    <td className="cell-primary">
                      <Link to={`/orders/${encodeURIComponent(o.id)}`} className="row-link">
                        {o.externalId}
                      </Link>
                    </td>
                    <td className="cell-channel">{o.channel}</td>
                    <td className="cell-customer">{o.customer?.name ?? o.customer?.email ?? '—'}</td>
                    <td className="cell-date">{dateTime(o.placedAt)}</td>
                    <td className="cell-status">
                      <StatusBadge status={o.status} />
                      {o.onHold ? <Badge tone="danger">{t('orders.onHold')}</Badge> : null}
                    </td>
                    <td className="num cell-units">{plural('orders.units', unitsOf(o))}</td>
                    <td className="num cell-total">{money(o.totals.totalMinor, o.currency)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {isFetchingNextPage ? (
            <div className="grid-footer">
              <Spinner label={t('common.loadingMore')} /> {t('common.loadingMore')}
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
