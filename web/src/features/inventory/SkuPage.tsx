import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useArchiveSku, useIncoming } from '../../api/catalog';
import { useMoves, useSku, useStock } from '../../api/queries';
import type { MoveLine, Sku, StockReport } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  Loading,
  SelectField,
  Table,
  useToast,
} from '../../ui';
import { AdjustStockDialog } from './AdjustStockDialog';
import { CodedError } from './CodedError';
import { ComponentsSection } from './ComponentsSection';
import { CountStockDialog } from './CountStockDialog';
import { LifecyclePanel } from './LifecyclePanel';
import { ReceiveStockDialog } from './ReceiveStockDialog';
import { ReorderPointsSection } from './ReorderPointsSection';
import { ScrapStockDialog } from './ScrapStockDialog';
import { SkuFormDialog } from './SkuFormDialog';
import { TransferStockDialog } from './TransferStockDialog';

type StockDialog = {
  kind: 'adjust' | 'count' | 'transfer' | 'receive' | 'scrap';
  location: string;
};

/** One SKU: what it is, where its stock is (on hand, reserved, available) and why (the moves). */
export function SkuPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const sku = useSku(code);
  useDocumentTitle(sku.data ? sku.data.code : t('skus.title'));

  if (sku.isPending) return <Loading />;
  if (sku.isError) {
    const notFound = (sku.error as { status?: number }).status === 404;
    return (
      <div className="page">
        <BackLink />
        {notFound ? (
          <EmptyState title={t('errors.notFoundTitle')}>
            <p>{t('sku.notFound')}</p>
          </EmptyState>
        ) : (
          <ErrorState error={sku.error} onRetry={() => void sku.refetch()} />
        )}
      </div>
    );
  }
  return <SkuView sku={sku.data} />;
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/skus" className="back-link">
      ← {t('sku.backToList')}
    </Link>
  );
}

function SkuView({ sku }: { sku: Sku }) {
  const { t, dateTime } = useI18n();
  const { can } = useSession();
  const canSeeStock = can('stock.read');
  const stock = useStock(sku.code, canSeeStock);
  const incoming = useIncoming(sku.code, canSeeStock);
  const [dialog, setDialog] = useState<StockDialog | null>(null);
  const [skuDialog, setSkuDialog] = useState<'edit' | 'archive' | null>(null);
  const canWrite = can('catalog.write');
  const isActive = canSeeStock && !sku.isArchived;
  const allowed = new Set<StockDialog['kind']>(
    isActive
      ? (
          [
            ['adjust', 'stock.adjust'],
            ['count', 'stock.count'],
            ['transfer', 'stock.transfer'],
            ['receive', 'stock.receive'],
            ['scrap', 'stock.scrap'],
          ] as const
        )
          .filter(([, permission]) => can(permission))
          .map(([kind]) => kind)
      : [],
  );

  return (
    <div className="page">
      <BackLink />
      <div className="page-header">
        <div>
          <h1>
            <span className="mono">{sku.code}</span> · {sku.name}
          </h1>
          <div className="badges">
            {sku.isArchived ? (
              <Badge tone="muted">{t('skus.archived')}</Badge>
            ) : (
              <Badge tone="success">{t('skus.active')}</Badge>
            )}
            {sku.isKit ? <Badge tone="info">{t('skus.kit')}</Badge> : null}
          </div>
        </div>
        {allowed.size > 0 || canWrite ? (
          <div className="toolbar">
            {allowed.has('receive') ? (
              <Button onClick={() => setDialog({ kind: 'receive', location: '' })}>
                {t('catalog.receive.open')}
              </Button>
            ) : null}
            {allowed.has('adjust') ? (
              <Button variant="primary" onClick={() => setDialog({ kind: 'adjust', location: '' })}>
                {t('sku.adjust')}
              </Button>
            ) : null}
            {allowed.has('count') ? (
              <Button onClick={() => setDialog({ kind: 'count', location: '' })}>{t('count.open')}</Button>
            ) : null}
            {allowed.has('transfer') ? (
              <Button onClick={() => setDialog({ kind: 'transfer', location: '' })}>
                {t('transfer.open')}
              </Button>
            ) : null}
            {allowed.has('scrap') ? (
              <Button variant="danger" onClick={() => setDialog({ kind: 'scrap', location: '' })}>
                {t('catalog.scrap.open')}
              </Button>
            ) : null}
            {canWrite ? (
              <>
                <Button onClick={() => setSkuDialog('edit')}>{t('catalog.sku.edit')}</Button>
                <Button onClick={() => setSkuDialog('archive')}>
                  {sku.isArchived ? t('catalog.sku.restore') : t('catalog.sku.archive')}
                </Button>
              </>
            ) : null}
          </div>
        ) : null}
      </div>

      <section className="card">
        <dl className="facts">
          <div>
            <dt>{t('sku.gtin')}</dt>
            <dd className="mono">{sku.gtin ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('sku.unit')}</dt>
            <dd>{sku.unit}</dd>
          </div>
          <div>
            <dt>{t('sku.updated')}</dt>
            <dd>{dateTime(sku.updatedAt)}</dd>
          </div>
        </dl>
      </section>

      {canSeeStock ? (
        <>
          <section className="section" aria-labelledby="stock-title">
            <h2 id="stock-title">{t('sku.stockTitle')}</h2>
            {stock.isPending ? (
              <Loading />
            ) : stock.isError ? (
              <ErrorState error={stock.error} onRetry={() => void stock.refetch()} />
            ) : (
              <StockTable
                report={stock.data}
                incoming={incoming.data ?? new Map()}
                allowed={allowed}
                onAction={(kind, location) => setDialog({ kind, location })}
              />
            )}
          </section>
          <LifecyclePanel sku={sku.code} />
          <ReorderPointsSection sku={sku.code} />
          <ComponentsSection sku={sku} />
          <MoveHistory sku={sku.code} locations={stock.data?.items.map((i) => i.location) ?? []} />
        </>
      ) : null}

      {dialog?.kind === 'adjust' ? (
        <AdjustStockDialog
          sku={sku.code}
          initialLocation={dialog.location}
          stock={stock.data?.items ?? []}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'count' ? (
        <CountStockDialog
          sku={sku.code}
          initialLocation={dialog.location}
          stock={stock.data?.items ?? []}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'transfer' ? (
        <TransferStockDialog
          sku={sku.code}
          initialFrom={dialog.location}
          stock={stock.data?.items ?? []}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'receive' ? (
        <ReceiveStockDialog
          sku={sku.code}
          initialLocation={dialog.location}
          onClose={() => setDialog(null)}
        />
      ) : dialog?.kind === 'scrap' ? (
        <ScrapStockDialog
          sku={sku.code}
          initialLocation={dialog.location}
          stock={stock.data?.items ?? []}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {skuDialog === 'edit' ? <SkuFormDialog sku={sku} onClose={() => setSkuDialog(null)} /> : null}
      {skuDialog === 'archive' ? <ArchiveSkuDialog sku={sku} onClose={() => setSkuDialog(null)} /> : null}
    </div>
  );
}

function ArchiveSkuDialog({ sku, onClose }: { sku: Sku; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const archive = useArchiveSku(sku.code);
  const verb = sku.isArchived ? 'restore' : 'archive';
  return (
    <Dialog
      title={sku.isArchived ? t('catalog.sku.restore') : t('catalog.sku.archiveTitle', { code: sku.code })}
      description={sku.isArchived ? undefined : t('catalog.sku.archiveHint')}
      onClose={onClose}
      onSubmit={() =>
        archive.mutate(verb, {
          onSuccess: () => {
            toast.success(
              t(sku.isArchived ? 'catalog.sku.restored' : 'catalog.sku.archived', { code: sku.code }),
            );
            onClose();
          },
        })
      }
      isBusy={archive.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={archive.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant={sku.isArchived ? 'primary' : 'danger'} isLoading={archive.isPending}>
            {sku.isArchived ? t('catalog.sku.restore') : t('catalog.sku.archive')}
          </Button>
        </>
      }
    >
      <CodedError error={archive.error} />
    </Dialog>
  );
}

function StockTable({
  report,
  incoming,
  allowed,
  onAction,
}: {
  report: StockReport;
  incoming: ReadonlyMap<string, number>;
  allowed: ReadonlySet<StockDialog['kind']>;
  onAction(kind: StockDialog['kind'], location: string): void;
}) {
  const hasActions = allowed.size > 0;
  const { t, number } = useI18n();
  // Destinations of units in transit that hold none of this SKU yet still get a row.
  const rows = useMemo(() => {
    const known = new Set(report.items.map((i) => i.location.toUpperCase()));
    const extra = [...incoming.keys()]
      .filter((code) => !known.has(code))
      .map((code) => ({
        location: code,
        warehouse: code.split('/')[0] ?? code,
        onHand: 0,
        reserved: 0,
        available: 0,
      }));
    return [...report.items, ...extra];
  }, [report.items, incoming]);
  const incomingTotal = [...incoming.values()].reduce((a, b) => a + b, 0);
  const incomingByWarehouse = useMemo(() => {
    const sums = new Map<string, number>();
    for (const [location, qty] of incoming) {
      const warehouse = location.split('/')[0] ?? location;
      sums.set(warehouse, (sums.get(warehouse) ?? 0) + qty);
    }
    return [...sums].sort(([a], [b]) => a.localeCompare(b));
  }, [incoming]);
  if (rows.length === 0) return <EmptyState title={t('sku.noStock')} />;
  const table = (
    <Table caption={t('sku.stockTitle')} className="stock-table">
      <thead>
        <tr>
          <th scope="col">{t('sku.columns.location')}</th>
          <th scope="col">{t('sku.columns.warehouse')}</th>
          <th scope="col" className="num">
            {t('sku.columns.onHand')}
          </th>
          <th scope="col" className="num">
            {t('sku.columns.reserved')}
          </th>
          <th scope="col" className="num">
            {t('sku.columns.available')}
          </th>
          <th scope="col" className="num" title={t('catalog.incoming.hint')}>
            {t('catalog.incoming.column')}
          </th>
          {hasActions ? (
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((item) => (
          <tr key={item.location} data-location={item.location} data-available={item.available}>
            <th scope="row" className="mono">
              {item.location}
            </th>
            <td>{item.warehouse}</td>
            <td className="num" data-testid="on-hand">
              {number(item.onHand)}
            </td>
            <td className="num">{number(item.reserved)}</td>
            <td className="num strong">{number(item.available)}</td>
            <td className="num" data-testid="incoming">
              {number(incoming.get(item.location.toUpperCase()) ?? 0)}
            </td>
            {hasActions ? (
              <td className="actions-cell">
                {allowed.has('receive') ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onAction('receive', item.location)}
                    aria-label={t('catalog.receive.openAt', { location: item.location })}
                  >
                    {t('catalog.receive.open')}
                  </Button>
                ) : null}
                {allowed.has('adjust') ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onAction('adjust', item.location)}
                    aria-label={t('sku.adjustAt', { location: item.location })}
                  >
                    {t('sku.adjust')}
                  </Button>
                ) : null}
                {allowed.has('count') ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onAction('count', item.location)}
                    aria-label={t('count.openAt', { location: item.location })}
                  >
                    {t('count.open')}
                  </Button>
                ) : null}
                {allowed.has('transfer') && item.available > 0 ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onAction('transfer', item.location)}
                    aria-label={t('transfer.openFrom', { location: item.location })}
                  >
                    {t('transfer.open')}
                  </Button>
                ) : null}
                {allowed.has('scrap') && item.onHand > 0 ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onAction('scrap', item.location)}
                    aria-label={t('catalog.scrap.openAt', { location: item.location })}
                  >
                    {t('catalog.scrap.open')}
                  </Button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colSpan={2}>
            {t('common.total')}
          </th>
          <td className="num">{number(report.totals.onHand)}</td>
          <td className="num">{number(report.totals.reserved)}</td>
          <td className="num strong">{number(report.totals.available)}</td>
          <td className="num">{number(incomingTotal)}</td>
          {hasActions ? <td /> : null}
        </tr>
      </tfoot>
    </Table>
  );
  if (incomingByWarehouse.length === 0) return table;
  return (
    <>
      {table}
      <p className="muted small" data-testid="incoming-by-warehouse">
        {incomingByWarehouse
          .map(([warehouse, qty]) => t('catalog.incoming.byWarehouse', { warehouse, qty: number(qty) }))
          .join(' · ')}
      </p>
    </>
  );
}

/**
 * The moves of the SKU, newest first. With one location chosen, each move shows its signed change there
 * and the balance after it: the answer to "why is it 7?".
 */
function MoveHistory({ sku, locations }: { sku: string; locations: string[] }) {
  const { t, label, dateTime, number, signed } = useI18n();
  const actorLabel = useActorLabel();
  const [params, setParams] = useSearchParams();
  const location = params.get('location') ?? '';
  const moves = useMoves(location ? { sku, location } : { sku }, true);
  const rows = useMemo<MoveLine[]>(() => moves.data?.pages.flatMap((p) => p.items) ?? [], [moves.data]);
  const choices = useMemo(
    () => [...new Set([...locations, ...(location ? [location] : [])])].sort(),
    [locations, location],
  );

  return (
    <section className="section" aria-labelledby="history-title">
      <div className="section-header">
        <h2 id="history-title">{t('sku.historyTitle')}</h2>
        <SelectField
          label={t('sku.historyFor')}
          value={location}
          onChange={(e) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (e.target.value) next.set('location', e.target.value);
                else next.delete('location');
                return next;
              },
              { replace: true },
            )
          }
          hint={location ? undefined : t('sku.historyHint')}
        >
          <option value="">{t('sku.allLocations')}</option>
          {choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
      </div>
      {moves.isPending ? (
        <Loading />
      ) : moves.isError ? (
        <ErrorState error={moves.error} onRetry={() => void moves.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('sku.noMoves')} />
      ) : (
        <>
          <Table caption={t('sku.historyTitle')} className="moves-table">
            <thead>
              <tr>
                <th scope="col">{t('sku.moveColumns.when')}</th>
                <th scope="col">{t('sku.moveColumns.type')}</th>
                <th scope="col">{t('sku.moveColumns.reason')}</th>
                <th scope="col">{t('sku.moveColumns.fromTo')}</th>
                <th scope="col" className="num">
                  {location ? t('sku.moveColumns.change') : t('sku.moveColumns.qty')}
                </th>
                {location ? (
                  <th scope="col" className="num">
                    {t('sku.moveColumns.balance')}
                  </th>
                ) : null}
                <th scope="col">{t('sku.moveColumns.reference')}</th>
                <th scope="col">{t('sku.moveColumns.actor')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id} data-move={m.id}>
                  <td>
                    <time dateTime={m.occurredAt}>{dateTime(m.occurredAt)}</time>
                  </td>
                  <td>{label('moveType', m.type)}</td>
                  <td>{label('reason', m.reason)}</td>
                  <td className="mono small">
                    {m.from} → {m.to}
                  </td>
                  <td
                    className={`num${m.delta !== null && m.delta < 0 ? ' text-danger' : m.delta !== null ? ' text-success' : ''}`}
                  >
                    {m.delta !== null ? signed(m.delta) : number(m.qty)}
                  </td>
                  {location ? (
                    <td className="num strong">{m.balanceAfter !== null ? number(m.balanceAfter) : '—'}</td>
                  ) : null}
                  <td className="small">
                    {m.reference ? <span className="block mono">{m.reference}</span> : null}
                    {m.note ? <span className="block muted">{m.note}</span> : null}
                    {!m.reference && !m.note ? '—' : null}
                  </td>
                  <td className="small">{actorLabel(m.actor)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {moves.hasNextPage ? (
            <div className="load-more">
              <Button onClick={() => void moves.fetchNextPage()} isLoading={moves.isFetchingNextPage}>
                {moves.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
