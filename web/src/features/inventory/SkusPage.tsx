import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSkus } from '../../api/queries';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDebounced } from '../../lib/use-debounced';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Badge, Button, CheckboxField, EmptyState, ErrorState, Loading, Table, TextField } from '../../ui';
import { SkuFormDialog } from './SkuFormDialog';

/** SKUs, searched by code prefix, name or GTIN on the server, 50 at a time. */
export function SkusPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [isCreating, setCreating] = useState(false);
  const [params, setParams] = useSearchParams();
  useDocumentTitle(t('skus.title'));
  const [search, setSearch] = useState(params.get('q') ?? '');
  const query = useDebounced(search.trim(), 300);
  const includeArchived = params.get('archived') === '1';

  useEffect(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (query) next.set('q', query);
        else next.delete('q');
        return next.toString() === current.toString() ? current : next;
      },
      { replace: true },
    );
  }, [query, setParams]);

  const skus = useSkus(query, includeArchived);
  const rows = useMemo(() => skus.data?.pages.flatMap((p) => p.items) ?? [], [skus.data]);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('skus.title')}</h1>
          <p className="muted">{t('skus.subtitle')}</p>
        </div>
        {can('catalog.write') ? (
          <div className="toolbar">
            <Link to="/skus/import" className="btn btn-secondary">
              <span>{t('catalog.sku.import')}</span>
            </Link>
            <Button variant="primary" onClick={() => setCreating(true)}>
              {t('catalog.sku.create')}
            </Button>
          </div>
        ) : null}
      </div>
      {isCreating ? <SkuFormDialog onClose={() => setCreating(false)} /> : null}
      <search>
        <form className="filters filters-inline" onSubmit={(e) => e.preventDefault()}>
          <TextField
            label={t('skus.search')}
            type="search"
            name="q"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            autoComplete="off"
          />
          <CheckboxField
            label={t('skus.includeArchived')}
            checked={includeArchived}
            onChange={(e) =>
              setParams(
                (current) => {
                  const next = new URLSearchParams(current);
                  if (e.target.checked) next.set('archived', '1');
                  else next.delete('archived');
                  return next;
                },
                { replace: true },
              )
            }
          />
        </form>
      </search>

      {skus.isPending ? (
        <Loading />
      ) : skus.isError ? (
        <ErrorState error={skus.error} onRetry={() => void skus.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={query ? t('skus.empty', { query }) : t('skus.emptyAll')} />
      ) : (
        <>
          <Table
            caption={t('skus.subtitle')}
            className={`skus-table${skus.isPlaceholderData ? ' is-stale' : ''}`}
          >
            <thead>
              <tr>
                <th scope="col">{t('skus.columns.code')}</th>
                <th scope="col">{t('skus.columns.name')}</th>
                <th scope="col">{t('skus.columns.gtin')}</th>
                <th scope="col">{t('skus.columns.unit')}</th>
                <th scope="col">{t('skus.columns.state')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((sku) => (
                <tr key={sku.id} className="row-clickable">
                  <td>
                    <Link to={`/skus/${encodeURIComponent(sku.code)}`} className="row-link mono">
                      {sku.code}
                    </Link>
                  </td>
                  <td>{sku.name}</td>
                  <td className="mono">{sku.gtin ?? '—'}</td>
                  <td>{sku.unit}</td>
                  <td>
                    <span className="badges">
                      {sku.isArchived ? (
                        <Badge tone="muted">{t('skus.archived')}</Badge>
                      ) : (
                        <Badge tone="success">{t('skus.active')}</Badge>
                      )}
                      {sku.isKit ? <Badge tone="info">{t('skus.kit')}</Badge> : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {skus.hasNextPage ? (
            <div className="load-more">
              <Button onClick={() => void skus.fetchNextPage()} isLoading={skus.isFetchingNextPage}>
                {skus.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
