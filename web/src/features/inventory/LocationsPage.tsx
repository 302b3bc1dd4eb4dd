import '../operations.css';
import './catalog.css';
import { type ReactNode, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useLocationStock, useLocationsTree } from '../../api/operations';
import type { Location } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Badge, Button, EmptyState, ErrorState, Loading, Table } from '../../ui';
import { type LocationAction, LocationActionDialog } from './LocationDialogs';
import { hasUsage, USAGE_TONES } from './location-usage';
import { ReceiveStockDialog } from './ReceiveStockDialog';

/** What the reader may do to a location from the tree. */
interface TreePermissions {
  canSeeStock: boolean;
  canWrite: boolean;
  canReceive: boolean;
}

interface Node {
  location: Location;
  children: Node[];
}

/** Warehouse → zone → bin, each level sorted by code. */
function buildTree(locations: readonly Location[]): Node[] {
  const byCode = new Map<string, Node>();
  for (const location of locations) byCode.set(location.code.toUpperCase(), { location, children: [] });
  const roots: Node[] = [];
  for (const node of byCode.values()) {
    const parent = node.location.parent ? byCode.get(node.location.parent.toUpperCase()) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (nodes: Node[]) => {
    nodes.sort((a, b) => a.location.code.localeCompare(b.location.code));
    for (const n of nodes) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * The locations tree: warehouses, their zones and bins, folded to the warehouses at first. Choosing one
 * shows the stock it holds (with everything under it, for a warehouse or a zone), each SKU linking to its
 * page. The chosen location is in the address, so it can be shared.
 */
export function LocationsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  useDocumentTitle(t('locations.title'));
  const locations = useLocationsTree(true);
  const [params, setParams] = useSearchParams();
  const selected = params.get('location');
  const tree = useMemo(() => buildTree(locations.data ?? []), [locations.data]);
  const [action, setAction] = useState<LocationAction | null>(null);
  const selectedLocation =
    selected === null
      ? undefined
      : (locations.data ?? []).find((l) => l.code.toUpperCase() === selected.toUpperCase());
  const perms: TreePermissions = {
    canSeeStock: can('stock.read'),
    canWrite: can('locations.write'),
    canReceive: can('stock.receive'),
  };
  const [open, setOpen] = useState<ReadonlySet<string>>(() => {
    // The chosen location's ancestors start open, so a shared link shows where it is.
    const code = params.get('location');
    if (!code) return new Set();
    const parts = code.split('/');
    const warehouse = parts[0] ?? '';
    return new Set([warehouse.toUpperCase()]);
  });

  const toggle = (code: string) =>
    setOpen((old) => {
      const next = new Set(old);
      const key = code.toUpperCase();
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const expandAll = () =>
    setOpen(new Set((locations.data ?? []).filter((l) => l.kind !== 'bin').map((l) => l.code.toUpperCase())));
  const select = (code: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('location', code);
        return next;
      },
      { replace: true },
    );

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('locations.title')}</h1>
          <p className="muted">{t('locations.intro')}</p>
        </div>
        <div className="toolbar">
          {perms.canWrite ? (
            <Button size="sm" variant="primary" onClick={() => setAction({ kind: 'create', parent: null })}>
              {t('catalog.locations.create')}
            </Button>
          ) : null}
          <Button size="sm" onClick={expandAll}>
            {t('locations.expandAll')}
          </Button>
          <Button size="sm" onClick={() => setOpen(new Set())}>
            {t('locations.collapseAll')}
          </Button>
        </div>
      </div>
      {locations.isPending ? (
        <Loading />
      ) : locations.isError ? (
        <ErrorState error={locations.error} onRetry={() => void locations.refetch()} />
      ) : tree.length === 0 ? (
        <EmptyState title={t('locations.empty')} />
      ) : (
        <div className="locations-layout">
          <section className="card" aria-label={t('locations.title')}>
            <ul className="tree">
              {tree.map((node) => (
                <TreeNode
                  key={node.location.id}
                  node={node}
                  open={open}
                  selected={selected}
                  perms={perms}
                  onToggle={toggle}
                  onSelect={select}
                />
              ))}
            </ul>
          </section>
          {can('stock.read') ? (
            <LocationStock
              code={selected}
              actions={
                selectedLocation ? (
                  <LocationActions location={selectedLocation} perms={perms} onAction={setAction} />
                ) : null
              }
            />
          ) : null}
        </div>
      )}
      {action?.kind === 'receive' ? (
        <ReceiveStockDialog initialLocation={action.location.code} onClose={() => setAction(null)} />
      ) : action ? (
        <LocationActionDialog
          action={action}
          locations={locations.data ?? []}
          onCreated={(created) => {
            // Open the new location's ancestors so it shows where it was put.
            const parts = created.code.split('/');
            setOpen((old) => {
              const next = new Set(old);
              next.add((parts[0] ?? '').toUpperCase());
              if (created.parent) next.add(created.parent.toUpperCase());
              return next;
            });
          }}
          onClose={() => setAction(null)}
        />
      ) : null}
    </div>
  );
}

function TreeNode({
  node,
  open,
  selected,
  perms,
  onToggle,
  onSelect,
}: {
  node: Node;
  open: ReadonlySet<string>;
  selected: string | null;
  perms: TreePermissions;
  onToggle(code: string): void;
  onSelect(code: string): void;
}) {
  const { canSeeStock } = perms;
  const { t, plural } = useI18n();
  const { location, children } = node;
  const isOpen = open.has(location.code.toUpperCase());
  const isSelected = selected !== null && selected.toUpperCase() === location.code.toUpperCase();
  return (
    <li data-location={location.code}>
      <div className={`tree-row${isSelected ? ' is-selected' : ''}`}>
        {children.length > 0 ? (
          <button
            type="button"
            className="tree-toggle"
            aria-expanded={isOpen}
            onClick={() => onToggle(location.code)}
            aria-label={
              isOpen
                ? t('locations.collapse', { code: location.code })
                : t('locations.expand', { code: location.code })
            }
          >
            <span aria-hidden="true">{isOpen ? '−' : '+'}</span>
          </button>
        ) : (
          <span className="tree-spacer" aria-hidden="true" />
        )}
        <span className="tree-label">
          <span className="mono strong">{location.code}</span>{' '}
          <span className="muted small">
            {t(`locations.kind.${location.kind as 'warehouse' | 'zone' | 'bin'}`)}
            {location.name && location.name !== location.code ? ` · ${location.name}` : ''}
            {children.length > 0 ? ` · ${plural('locations.children', children.length)}` : ''}
          </span>
          {hasUsage(location.kind) ? <UsageBadge usage={location.usage} /> : null}
          {location.isArchived ? <Badge tone="muted">{t('locations.archived')}</Badge> : null}
        </span>
        {canSeeStock ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => onSelect(location.code)}
            aria-label={t('locations.showStockLabel', { code: location.code })}
            aria-pressed={isSelected}
          >
            {t('locations.showStock')}
          </Button>
        ) : null}
      </div>
      {children.length > 0 && isOpen ? (
        <ul>
          {children.map((child) => (
            <TreeNode
              key={child.location.id}
              node={child}
              open={open}
              selected={selected}
              perms={perms}
              onToggle={onToggle}
              onSelect={onSelect}
            />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

/** What may be done to the chosen location: receive into a bin, add under a warehouse or zone, archive, delete. */
function LocationActions({
  location,
  perms,
  onAction,
}: {
  location: Location;
  perms: TreePermissions;
  onAction(action: LocationAction): void;
}) {
  const { t } = useI18n();
  if (location.isArchived || !(perms.canWrite || perms.canReceive)) return null;
  return (
    <div className="toolbar tree-actions">
      {perms.canReceive && location.kind === 'bin' ? (
        <Button
          size="sm"
          variant="primary"
          onClick={() => onAction({ kind: 'receive', location })}
          aria-label={t('catalog.locations.receiveLabel', { code: location.code })}
        >
          {t('catalog.receive.open')}
        </Button>
      ) : null}
      {perms.canWrite && hasUsage(location.kind) ? (
        <Button
          size="sm"
          onClick={() => onAction({ kind: 'usage', location })}
          aria-label={t('catalog.locations.changeUsageLabel', { code: location.code })}
          data-testid="change-usage"
        >
          {t('catalog.locations.changeUsage')}
        </Button>
      ) : null}
      {perms.canWrite && location.kind !== 'bin' ? (
        <Button size="sm" onClick={() => onAction({ kind: 'create', parent: location })}>
          {t('catalog.locations.createUnder', { code: location.code })}
        </Button>
      ) : null}
      {perms.canWrite ? (
        <>
          <Button
            size="sm"
            onClick={() => onAction({ kind: 'archive', location })}
            aria-label={t('catalog.locations.archiveLabel', { code: location.code })}
          >
            {t('catalog.locations.archive')}
          </Button>
          <Button
            size="sm"
            variant="danger"
            onClick={() => onAction({ kind: 'delete', location })}
            aria-label={t('catalog.locations.deleteLabel', { code: location.code })}
          >
            {t('catalog.locations.delete')}
          </Button>
        </>
      ) : null}
    </div>
  );
}

/** What a zone or bin is for, as a badge: storage quietly, a dock or a quarantine so they stand out. */
function UsageBadge({ usage }: { usage: Location['usage'] }) {
  const { t } = useI18n();
  return (
    <span data-testid="location-usage" data-usage={usage}>
      <Badge tone={USAGE_TONES[usage]}>{t(`catalog.locations.usageOf.${usage}`)}</Badge>
    </span>
  );
}

function LocationStock({ code, actions }: { code: string | null; actions: ReactNode }) {
  const { t, number } = useI18n();
  const stock = useLocationStock(code);
  return (
    <section className="card" aria-labelledby="location-stock-title">
      <h2 id="location-stock-title">{code ? t('locations.stockAt', { code }) : t('sku.stockTitle')}</h2>
      {actions}
      {!code ? (
        <p className="muted">{t('locations.pick')}</p>
      ) : stock.isPending ? (
        <Loading />
      ) : stock.isError ? (
        <ErrorState error={stock.error} onRetry={() => void stock.refetch()} />
      ) : stock.data.items.length === 0 ? (
        <p className="muted">{t('locations.noStock')}</p>
      ) : (
        <Table caption={t('locations.stockAt', { code })} className="location-stock">
          <thead>
            <tr>
              <th scope="col">{t('skus.columns.code')}</th>
              <th scope="col">{t('sku.columns.location')}</th>
              <th scope="col" className="num">
                {t('sku.columns.onHand')}
              </th>
              <th scope="col" className="num">
                {t('sku.columns.reserved')}
              </th>
              <th scope="col" className="num">
                {t('sku.columns.available')}
              </th>
            </tr>
          </thead>
          <tbody>
            {stock.data.items.map((item) => (
              <tr key={`${item.sku}|${item.location}`}>
                <td>
                  <Link to={`/skus/${encodeURIComponent(item.sku)}`} className="mono">
                    {item.sku}
                  </Link>
                  <span className="block muted small">{item.skuName}</span>
                </td>
                <td className="mono small">{item.location}</td>
                <td className="num">{number(item.onHand)}</td>
                <td className="num">{number(item.reserved)}</td>
                <td className="num strong">{number(item.available)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>
                {t('common.total')}
              </th>
              <td className="num">{number(stock.data.totals.onHand)}</td>
              <td className="num">{number(stock.data.totals.reserved)}</td>
              <td className="num strong">{number(stock.data.totals.available)}</td>
            </tr>
          </tfoot>
        </Table>
      )}
    </section>
  );
}
