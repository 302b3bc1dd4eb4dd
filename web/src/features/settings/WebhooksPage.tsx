import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
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
  TextField,
  type Tone,
  useToast,
} from '../../ui';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  useCreateWebhook,
  useDeliveries,
  useRetryDelivery,
  useUpdateWebhook,
  useWebhooks,
  WEBHOOK_EVENTS,
  type Webhook,
} from './api';
import { FormError, fieldError, SecretDialog } from './common';

const DELIVERY_TONES: Record<string, Tone> = {
  pending: 'neutral',
  delivering: 'info',
  delivered: 'success',
  failed: 'warning',
  dead: 'danger',
};

function useDeliveryLabel(): (status: string) => string {
  const { t } = useI18n();
  return (status) =>
    (DELIVERY_STATUSES as readonly string[]).includes(status)
      ? t(`settings.webhooks.deliveryStatus.${status as DeliveryStatus}`)
      : status;
}

/** Webhook subscriptions with their delivery counts; create (secret shown once), pause and resume. */
export function WebhooksPage() {
  const { t, number } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  useDocumentTitle(t('settings.tabs.webhooks'));
  const webhooks = useWebhooks();
  const update = useUpdateWebhook();
  const [isCreating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Webhook | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const canWrite = can('webhooks.write');

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('settings.webhooks.intro')}</p>
        {canWrite ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('settings.webhooks.new')}
          </Button>
        ) : null}
      </div>
      {webhooks.isPending ? (
        <Loading />
      ) : webhooks.isError ? (
        <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
      ) : webhooks.data.length === 0 ? (
        <EmptyState title={t('settings.webhooks.empty')} />
      ) : (
        <Table caption={t('settings.tabs.webhooks')} className="webhooks-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.webhooks.columns.url')}</th>
              <th scope="col">{t('settings.webhooks.columns.events')}</th>
              <th scope="col">{t('settings.webhooks.columns.description')}</th>
              <th scope="col">{t('settings.webhooks.columns.status')}</th>
              <th scope="col">{t('settings.webhooks.columns.deliveries')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {webhooks.data.map((w) => {
              const failing = (w.deliveries.failed ?? 0) + (w.deliveries.dead ?? 0);
              return (
                <tr key={w.id} data-webhook={w.url}>
                  <td className="mono">{w.url}</td>
                  <td>{w.events.join(', ')}</td>
                  <td>{w.description ?? '—'}</td>
                  <td>
                    {w.isActive ? (
                      <Badge tone="success">{t('settings.status.active')}</Badge>
                    ) : (
                      <Badge tone="muted">{t('settings.status.inactive')}</Badge>
                    )}
                  </td>
                  <td className={failing > 0 ? 'text-danger' : undefined}>
                    {t('settings.webhooks.counts', {
                      delivered: number(w.deliveries.delivered ?? 0),
                      failing: number(failing),
                    })}
                  </td>
                  <td>
                    <div className="row-actions">
                      <Link
                        className="btn btn-secondary btn-sm"
                        to={`/settings/webhooks/${encodeURIComponent(w.id)}`}
                      >
                        <span>{t('settings.webhooks.deliveryLog')}</span>
                      </Link>
                      {canWrite ? (
                        <Button size="sm" onClick={() => setEditing(w)}>
                          {t('settings.edit')}
                        </Button>
                      ) : null}
                      {canWrite ? (
                        <Button
                          size="sm"
                          isLoading={update.isPending && update.variables?.id === w.id}
                          onClick={() =>
                            update.mutate(
                              { id: w.id, body: { isActive: !w.isActive } },
                              {
                                onSuccess: (x) =>
                                  toast.success(
                                    t(
                                      x.isActive
                                        ? 'settings.webhooks.activated'
                                        : 'settings.webhooks.deactivated',
                                    ),
                                  ),
                                onError: (e) => toast.error(e),
                              },
                            )
                          }
                        >
                          {w.isActive ? t('settings.webhooks.deactivate') : t('settings.webhooks.activate')}
                        </Button>
                      ) : null}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {editing ? (
        <WebhookDialog
          webhook={editing}
          onClose={() => setEditing(null)}
          onCreated={() => {
            setEditing(null);
            toast.success(t('settings.webhooks.updated'));
          }}
        />
      ) : null}
      {isCreating ? (
        <WebhookDialog
          webhook={null}
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            if (s) setSecret(s);
            else toast.success(t('settings.webhooks.created'));
          }}
        />
      ) : null}
      {secret ? (
        <SecretDialog
          title={t('settings.webhooks.secretTitle')}
          warning={t('settings.webhooks.secretShownOnce')}
          label={t('settings.webhooks.secretLabel')}
          secret={secret}
          onClose={() => setSecret(null)}
        />
      ) : null}
    </section>
  );
}

/** Creates a webhook (its secret is then shown once) or changes one's URL, events and description. */
function WebhookDialog({
  webhook,
  onClose,
  onCreated,
}: {
  webhook: Webhook | null;
  onClose(): void;
  onCreated(secret: string | null): void;
}) {
  const { t } = useI18n();
  const createWebhook = useCreateWebhook();
  const update = useUpdateWebhook();
  const create = webhook ? update : createWebhook;
  const [url, setUrl] = useState(webhook?.url ?? 'https://');
  const [events, setEvents] = useState<string[]>(webhook?.events ?? []);
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [touched, setTouched] = useState(false);
  const isUrl = (() => {
    try {
      const u = new URL(url.trim());
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  })();
  const problems = {
    url: isUrl ? null : t('settings.webhooks.invalidUrl'),
    events: events.length === 0 ? t('settings.webhooks.eventsRequired') : null,
  };
  const submit = () => {
    setTouched(true);
    if (problems.url || problems.events) return;
    const body = {
      url: url.trim(),
      events,
      ...(description.trim() ? { description: description.trim() } : {}),
    };
    if (webhook) update.mutate({ id: webhook.id, body }, { onSuccess: () => onCreated(null) });
    else createWebhook.mutate(body, { onSuccess: (w) => onCreated(w.secret) });
  };
  const eventsError = (touched ? problems.events : null) ?? fieldError(create.error, 'events');
  return (
    <Dialog
      title={webhook ? t('settings.webhooks.editTitle') : t('settings.webhooks.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {webhook ? t('common.save') : t('settings.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('settings.webhooks.url')}
          name="url"
          type="url"
          value={url}
          maxLength={2000}
          hint={t('settings.webhooks.urlHint')}
          onChange={(e) => setUrl(e.target.value)}
          error={(touched ? problems.url : null) ?? fieldError(create.error, 'url')}
        />
        <fieldset className={`field checks${eventsError ? ' field-invalid' : ''}`}>
          <legend>{t('settings.webhooks.events')}</legend>
          <div className="check-grid">
            {WEBHOOK_EVENTS.map((e) => (
              <label key={e} className="check">
                <input
                  type="checkbox"
                  name="event"
                  value={e}
                  checked={events.includes(e)}
                  onChange={(ev) =>
                    setEvents((all) => (ev.target.checked ? [...all, e] : all.filter((x) => x !== e)))
                  }
                />
                <span className="mono">{e}</span>
              </label>
            ))}
          </div>
          {eventsError ? <p className="field-error">{eventsError}</p> : null}
        </fieldset>
        <TextField
          label={t('settings.webhooks.description')}
          name="description"
          value={description}
          maxLength={500}
          isOptional
          onChange={(e) => setDescription(e.target.value)}
        />
        <FormError error={create.error} />
      </div>
    </Dialog>
  );
}

/** One webhook's delivery log, newest first: status, attempts, last answer; failed or dead ones retried. */
export function WebhookDeliveriesPage() {
  const { id = '' } = useParams();
  const { t, dateTime } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const webhooks = useWebhooks();
  const webhook = webhooks.data?.find((w) => w.id === id);
  useDocumentTitle(t('settings.webhooks.deliveryLog'));
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const deliveries = useDeliveries(id, status);
  const retry = useRetryDelivery(id);
  const statusLabel = useDeliveryLabel();
  const rows = useMemo(() => deliveries.data?.pages.flatMap((p) => p.items) ?? [], [deliveries.data]);

  const back = (
    <Link to="/settings/webhooks" className="back-link">
      ← {t('settings.webhooks.backToList')}
    </Link>
  );
  if (webhooks.isPending) return <Loading />;
  if (!webhook) {
    return (
      <section className="section">
        {back}
        {webhooks.isError ? (
          <ErrorState error={webhooks.error} onRetry={() => void webhooks.refetch()} />
        ) : (
          <EmptyState title={t('errors.notFoundTitle')}>
            <p>{t('settings.webhooks.notFound')}</p>
          </EmptyState>
        )}
      </section>
    );
  }

  return (
    <section className="section">
      {back}
      <div className="section-header">
        <h2>{t('settings.webhooks.deliveriesTitle', { url: webhook.url })}</h2>
        <SelectField
          label={t('settings.webhooks.statusFilter')}
          value={status}
          onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}
        >
          <option value="">{t('common.all')}</option>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </SelectField>
      </div>
      {deliveries.isPending ? (
        <Loading />
      ) : deliveries.isError ? (
        <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={t('settings.webhooks.deliveriesEmpty')} />
      ) : (
        <>
          <Table caption={t('settings.webhooks.deliveryLog')} className="deliveries-table">
            <thead>
              <tr>
                <th scope="col">{t('settings.webhooks.deliveryColumns.created')}</th>
                <th scope="col">{t('settings.webhooks.deliveryColumns.event')}</th>
                <th scope="col">{t('settings.webhooks.deliveryColumns.status')}</th>
                <th scope="col" className="num">
                  {t('settings.webhooks.deliveryColumns.attempts')}
                </th>
                <th scope="col">{t('settings.webhooks.deliveryColumns.lastAnswer')}</th>
                <th scope="col">{t('settings.webhooks.deliveryColumns.next')}</th>
                <th scope="col">{t('settings.webhooks.deliveryColumns.delivered')}</th>
                {can('webhooks.write') ? <th scope="col">{t('common.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id} data-status={d.status}>
                  <td>{dateTime(d.createdAt)}</td>
                  <td className="mono">{d.eventType}</td>
                  <td>
                    <Badge tone={DELIVERY_TONES[d.status] ?? 'neutral'}>{statusLabel(d.status)}</Badge>
                  </td>
                  <td className="num">{d.attempts}</td>
                  <td className="small">
                    {d.lastStatusCode !== null ? (
                      <span className="mono">HTTP {d.lastStatusCode} </span>
                    ) : null}
                    {d.lastError ?? (d.lastStatusCode === null ? '—' : '')}
                  </td>
                  <td>{d.nextAttemptAt && d.status !== 'delivered' ? dateTime(d.nextAttemptAt) : '—'}</td>
                  <td>{d.deliveredAt ? dateTime(d.deliveredAt) : '—'}</td>
                  {can('webhooks.write') ? (
                    <td>
                      {d.status === 'failed' || d.status === 'dead' ? (
                        <Button
                          size="sm"
                          isLoading={retry.isPending && retry.variables === d.id}
                          onClick={() =>
                            retry.mutate(d.id, {
                              onSuccess: () => toast.success(t('settings.webhooks.retried')),
                              onError: (e) => toast.error(e),
                            })
                          }
                        >
                          {t('settings.webhooks.retry')}
                        </Button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
          {deliveries.hasNextPage ? (
            <div className="load-more">
              <Button
                onClick={() => void deliveries.fetchNextPage()}
                isLoading={deliveries.isFetchingNextPage}
              >
                {deliveries.isFetchingNextPage ? t('common.loadingMore') : t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}
