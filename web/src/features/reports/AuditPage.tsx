import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';
import { useI18n } from '../../i18n/i18n';
import { type CsvColumn, downloadCsv, toCsv } from '../../lib/csv';
import { dayEndExclusiveIso, dayStartIso } from '../../lib/dates';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, EmptyState, ErrorState, Loading, Table, TextField, useToast } from '../../ui';
import { ActorOptions } from './ActorOptions';
import { EXPORT_MAX_ROWS, exportFileName } from './export';

type AuditRecord = components['schemas']['AuditRecord'];
type AuditQuery = NonNullable<operations['listAudit']['parameters']['query']>;

const FILTERS = ['actor', 'targetType', 'target', 'operation', 'since', 'until'] as const;
type Filter = (typeof FILTERS)[number];

/** The URL's filters as the API's query (days become the half-open range of instants). */
function toQuery(params: URLSearchParams): AuditQuery {
  const get = (k: Filter) => params.get(k)?.trim() || undefined;
  const since = get('since');
  const until = get('until');
  const query: AuditQuery = {};
  for (const k of ['actor', 'targetType', 'target', 'operation'] as const) {
    const v = get(k);
    if (v) query[k] = v;
  }
  const sinceIso = since ? dayStartIso(since) : undefined;
  const untilIso = until ? dayEndExclusiveIso(until) : undefined;
  if (sinceIso) query.since = sinceIso;
  if (untilIso) query.until = untilIso;
  return query;
}

const fetchAudit = (query: AuditQuery, cursor: string | null, limit: number, signal?: AbortSignal) =>
  unwrap(
    api.GET('/v1/audit', {
      params: { query: { ...query, limit, ...(cursor ? { cursor } : {}) } },
      ...(signal ? { signal } : {}),
    }),
  );

/** The audit trail, newest first, filtered by actor, target, operation and dates; exported as CSV. */
export function AuditPage() {
  const { t, plural, dateTime } = useI18n();
  const toast = useToast();
  useDocumentTitle(t('reports.tabs.audit'));
  const actorLabel = useActorLabel();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => toQuery(params), [params]);
  const [draft, setDraft] = useState<Record<Filter, string>>(
    () => Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<Filter, string>,
  );
  const [isExporting, setExporting] = useState(false);

  const audit = useInfiniteQuery({
    queryKey: ['reports', 'audit', query],
    queryFn: ({ pageParam, signal }) => fetchAudit(query, pageParam, 50, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => audit.data?.pages.flatMap((p) => p.items) ?? [], [audit.data]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (draft[k].trim()) next.set(k, draft[k].trim());
    setParams(next, { replace: true });
  };

  const exportCsv = async () => {
    setExporting(true);
    try {
      const all: AuditRecord[] = [];
      let cursor: string | null = null;
      do {
        const page = await fetchAudit(query, cursor, 500);
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && all.length < EXPORT_MAX_ROWS);
      const columns: CsvColumn<AuditRecord>[] = [
        { header: 'occurredAt', value: (r) => r.occurredAt },
        { header: 'actorKind', value: (r) => r.actor.kind },
        { header: 'actorId', value: (r) => r.actor.id },
        { header: 'actorName', value: (r) => actorLabel(r.actor) },
        { header: 'actorRole', value: (r) => r.actor.role },
        { header: 'operation', value: (r) => r.operation },
        { header: 'targetType', value: (r) => r.target?.type },
        { header: 'targetId', value: (r) => r.target?.id },
        { header: 'reason', value: (r) => r.reason },
        { header: 'requestId', value: (r) => r.requestId },
        {
          header: 'before',
          value: (r) => (r.before === null || r.before === undefined ? '' : JSON.stringify(r.before)),
        },
        {
          header: 'after',
          value: (r) => (r.after === null || r.after === undefined ? '' : JSON.stringify(r.after)),
        },
      ];
      downloadCsv(exportFileName('audit'), toCsv(all.slice(0, EXPORT_MAX_ROWS), columns));
      if (cursor) toast.show({ tone: 'info', title: t('reports.exportCapped', { count: EXPORT_MAX_ROWS }) });
      else toast.success(plural('reports.exported', all.length));
    } catch (e) {
      toast.error(e);
    } finally {
      setExporting(false);
    }
  };

  const field = (k: Filter, label: string, extra: { type?: string; hint?: string; list?: string } = {}) => (
    <TextField
      label={label}
      name={k}
      type={extra.type ?? 'text'}
      value={draft[k]}
      autoComplete="off"
      {...(extra.hint ? { hint: extra.hint } : {})}
      {...(extra.list ? { list: extra.list } : {})}
      onChange={(e) => setDraft((d) => ({ ...d, [k]: e.target.value }))}
    />
  );

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('reports.audit.intro')}</p>
        <Button onClick={() => void exportCsv()} isLoading={isExporting}>
          {t('reports.exportCsv')}
        </Button>
      </div>
      <search>
        <form className="filters" onSubmit={apply}>
          {field('actor', t('reports.audit.actor'), { list: 'audit-actors' })}
          <ActorOptions id="audit-actors" />
          {field('targetType', t('reports.audit.targetType'))}
          {field('target', t('reports.audit.target'))}
          {field('operation', t('reports.audit.operation'), { hint: t('reports.audit.operationHint') })}
          {field('since', t('reports.since'), { type: 'date' })}
          {field('until', t('reports.until'), { type: 'date' })}
          <div className="filters-actions">
            <Button type="submit" variant="primary">
              {t('reports.apply')}
            </Button>
          </div>
        </form>
      </search>
      {audit.isPending ? (
        <Loading />
      ) : audit.isError ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('reports.audit.empty')} />
      ) : (
        <>
          <p className="muted small">{plural('reports.audit.loaded', rows.length)}</p>
          <Table
            caption={t('reports.tabs.audit')}
            className={`audit-table${audit.isPlaceholderData ? ' is-stale' : ''}`}
          >
            <thead>
              <tr>
                <th scope="col">{t('reports.audit.columns.when')}</th>
                <th scope="col">{t('reports.audit.columns.actor')}</th>
                <th scope="col">{t('reports.audit.columns.operation')}</th>
                <th scope="col">{t('reports.audit.columns.target')}</th>
                <th scope="col">{t('reports.audit.columns.reason')}</th>
                <th scope="col">{t('reports.audit.columns.changes')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-operation={r.operation}>
                  <td>{dateTime(r.occurredAt)}</td>
                  <td>{actorLabel(r.actor)}</td>
                  <td className="mono">{r.operation}</td>
                  <td className="mono">{r.target ? `${r.target.type} ${r.target.id ?? ''}` : '—'}</td>
                  <td>{r.reason ?? '—'}</td>
                  <td>
                    {r.before !== null || r.after !== null ? (
                      <details>
                        <summary>{t('reports.audit.showChanges')}</summary>
                        {r.before !== null && r.before !== undefined ? (
                          <>
                            <p className="small strong">{t('reports.audit.before')}</p>
                            <pre className="json-block">{JSON.stringify(r.before, null, 2)}</pre>
                          </>
                        ) : null}
                        {r.after !== null && r.after !== undefined ? (
                          <>
                            <p className="small strong">{t('reports.audit.after')}</p>
                            <pre className="json-block">{JSON.stringify(r.after, null, 2)}</pre>
                          </>
                        ) : null}
                        {r.requestId ? (
                          <p className="muted small">{t('errors.requestId', { id: r.requestId })}</p>
                        ) : null}
                      </details>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          {audit.hasNextPage ? (
            <div className="load-more">
              <Button onClick={() => void audit.fetchNextPage()} isLoading={audit.isFetchingNextPage}>
                {audit.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
