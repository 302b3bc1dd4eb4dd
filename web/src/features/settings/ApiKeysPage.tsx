import { useState } from 'react';
import { useMe, useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { dayStartIso } from '../../lib/dates';
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
  useToast,
} from '../../ui';
import {
  type ApiKey,
  type CreateApiKeyBody,
  useApiKeys,
  useCreateApiKey,
  useRevokeApiKey,
  useSettingsChannels,
  useWarehouses,
} from './api';
import { ConfirmDialog, FormError, fieldError, SecretDialog, WarehousePicker } from './common';

type Scope = CreateApiKeyBody['scopes'][number];

/** API keys: listed without the key itself; created with scopes, warehouses and a channel; revoked. */
export function ApiKeysPage() {
  const { t, plural, dateTime } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  useDocumentTitle(t('settings.tabs.apiKeys'));
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const [isCreating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const canWrite = can('api_keys.write');
  const now = Date.now();

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('settings.apiKeys.intro')}</p>
        {canWrite ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('settings.apiKeys.new')}
          </Button>
        ) : null}
      </div>
      {keys.isPending ? (
        <Loading />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title={t('settings.apiKeys.empty')} />
      ) : (
        <Table caption={t('settings.tabs.apiKeys')} className="api-keys-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.apiKeys.columns.name')}</th>
              <th scope="col">{t('settings.apiKeys.columns.prefix')}</th>
              <th scope="col">{t('settings.apiKeys.columns.scopes')}</th>
              <th scope="col">{t('settings.apiKeys.columns.warehouses')}</th>
              <th scope="col">{t('settings.apiKeys.columns.channel')}</th>
              <th scope="col">{t('settings.apiKeys.columns.created')}</th>
              <th scope="col">{t('settings.apiKeys.columns.lastUsed')}</th>
              <th scope="col">{t('settings.apiKeys.columns.status')}</th>
              {canWrite ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => {
              const isExpired = k.expiresAt !== null && Date.parse(k.expiresAt) <= now;
              return (
                <tr key={k.id} data-key={k.name}>
                  <td>{k.name}</td>
                  <td className="mono">ck_{k.prefix}…</td>
                  <td title={k.scopes.join(', ')}>
                    {plural('settings.apiKeys.scopeCount', k.scopes.length)}
                  </td>
                  <td>{k.allWarehouses ? t('settings.allWarehouses') : k.warehouses.join(', ')}</td>
                  <td>{k.channel ?? '—'}</td>
                  <td>{dateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : t('settings.apiKeys.never')}</td>
                  <td>
                    {k.revokedAt ? (
                      <Badge tone="muted">{t('settings.status.revoked')}</Badge>
                    ) : isExpired ? (
                      <Badge tone="warning">{t('settings.status.expired')}</Badge>
                    ) : (
                      <Badge tone="success">{t('settings.status.active')}</Badge>
                    )}
                  </td>
                  {canWrite ? (
                    <td>
                      {k.revokedAt ? null : (
                        <div className="row-actions">
                          <Button size="sm" variant="danger" onClick={() => setRevoking(k)}>
                            {t('settings.apiKeys.revoke')}
                          </Button>
                        </div>
                      )}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
      {isCreating ? (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setCreating(false);
            setCreated(key);
          }}
        />
      ) : null}
      {created ? (
        <SecretDialog
          title={t('settings.apiKeys.createdTitle')}
          warning={t('settings.apiKeys.shownOnce')}
          label={t('settings.apiKeys.keyLabel')}
          secret={created}
          onClose={() => setCreated(null)}
        />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t('settings.apiKeys.revokeTitle', { name: revoking.name })}
          description={t('settings.apiKeys.revokeHint')}
          confirmLabel={t('settings.apiKeys.revoke')}
          isBusy={revoke.isPending}
          error={revoke.error}
          onConfirm={() =>
            revoke.mutate(revoking.id, {
              onSuccess: (k) => {
                toast.success(t('settings.apiKeys.revoked', { name: k.name }));
                setRevoking(null);
              },
            })
          }
          onClose={() => {
            revoke.reset();
            setRevoking(null);
          }}
        />
      ) : null}
    </section>
  );
}

function CreateKeyDialog({ onClose, onCreated }: { onClose(): void; onCreated(key: string): void }) {
  const { t } = useI18n();
  const me = useMe();
  const { can } = useSession();
  const create = useCreateApiKey();
  const warehouses = useWarehouses();
  const channels = useSettingsChannels(can('channels.read'));
  // A key gets at most its creator's permissions: offer only those (the server checks it again).
  const own = me.permissions as Scope[];
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [channel, setChannel] = useState('');
  const [expires, setExpires] = useState('');
  const [touched, setTouched] = useState(false);
  const problems = {
    name: name.trim() === '' ? t('common.required') : null,
    scopes: scopes.length === 0 ? t('settings.apiKeys.scopesRequired') : null,
  };

  const submit = () => {
    setTouched(true);
    if (problems.name || problems.scopes) return;
    const expiresAt = expires ? dayStartIso(expires) : undefined;
    create.mutate(
      {
        name: name.trim(),
        scopes,
        ...(selected.length > 0 ? { warehouses: selected } : {}),
        ...(channel ? { channel } : {}),
        ...(expiresAt ? { expiresAt } : {}),
      },
      { onSuccess: (k) => (k.key ? onCreated(k.key) : onClose()) },
    );
  };

  const toggle = (scope: Scope, on: boolean) =>
    setScopes((all) => (on ? [...all, scope] : all.filter((s) => s !== scope)));

  return (
    <Dialog
      title={t('settings.apiKeys.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('settings.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('settings.apiKeys.name')}
          name="name"
          value={name}
          maxLength={200}
          hint={t('settings.apiKeys.nameHint')}
          onChange={(e) => setName(e.target.value)}
          error={(touched ? problems.name : null) ?? fieldError(create.error, 'name')}
        />
        <fieldset className={`field checks${touched && problems.scopes ? ' field-invalid' : ''}`}>
          <legend>{t('settings.apiKeys.scopes')}</legend>
          <div className="toolbar">
            <Button size="sm" onClick={() => setScopes(own.filter((p) => p.endsWith('.read')))}>
              {t('settings.apiKeys.readOnly')}
            </Button>
            <Button size="sm" onClick={() => setScopes([...own])}>
              {t('settings.apiKeys.selectAll')}
            </Button>
            <Button size="sm" onClick={() => setScopes([])}>
              {t('settings.apiKeys.selectNone')}
            </Button>
          </div>
          <div className="check-grid">
            {own.map((p) => (
              <label key={p} className="check">
                <input
                  type="checkbox"
                  name="scope"
                  value={p}
                  checked={scopes.includes(p)}
                  onChange={(e) => toggle(p, e.target.checked)}
                />
                <span className="mono">{p}</span>
              </label>
            ))}
          </div>
          <p className="field-hint">{t('settings.apiKeys.scopesHint')}</p>
          {((touched ? problems.scopes : null) ?? fieldError(create.error, 'scopes')) ? (
            <p className="field-error">
              {(touched ? problems.scopes : null) ?? fieldError(create.error, 'scopes')}
            </p>
          ) : null}
        </fieldset>
        <WarehousePicker
          warehouses={warehouses.data ?? []}
          selected={selected}
          onChange={setSelected}
          hint={t('settings.apiKeys.warehousesHint')}
          error={fieldError(create.error, 'warehouses')}
        />
        {can('channels.read') ? (
          <SelectField
            label={t('settings.apiKeys.channel')}
            name="channel"
            value={channel}
            isOptional
            onChange={(e) => setChannel(e.target.value)}
            error={fieldError(create.error, 'channel')}
          >
            <option value="">{t('settings.apiKeys.noChannel')}</option>
            {(channels.data ?? [])
              .filter((c) => !c.isArchived)
              .map((c) => (
                <option key={c.id} value={c.code}>
                  {c.code} · {c.name}
                </option>
              ))}
          </SelectField>
        ) : null}
        <TextField
          label={t('settings.apiKeys.expiresAt')}
          name="expiresAt"
          type="date"
          value={expires}
          isOptional
          onChange={(e) => setExpires(e.target.value)}
          error={fieldError(create.error, 'expiresAt')}
        />
        <FormError error={create.error} />
      </div>
    </Dialog>
  );
}
