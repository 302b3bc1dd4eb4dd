import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { type TextKey, useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  CheckboxField,
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
  CHANNEL_KINDS,
  type Channel,
  useCreateChannel,
  useSettingsChannels,
  useUpdateChannel,
  useWarehouses,
} from './api';
import { FormError, fieldError, parseIntIn } from './common';

type Kind = (typeof CHANNEL_KINDS)[number];
const RULES = ['allowSplit', 'allowPartial', 'allowBackorder', 'preferNearest'] as const;
type Rule = (typeof RULES)[number];

/** Sales channels: kind, currency, the warehouses that serve them by priority, buffers and rules. */
export function ChannelsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  useDocumentTitle(t('settings.tabs.channels'));
  const channels = useSettingsChannels();
  const [editing, setEditing] = useState<{ channel: Channel | null } | null>(null);
  const [availability, setAvailability] = useState<Channel | null>(null);
  const canWrite = can('channels.write');
  const kindLabel = (kind: string) => {
    const key = `settings.channels.kinds.${kind}` as TextKey;
    const text = t(key);
    return text === key ? kind : text;
  };

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('settings.channels.intro')}</p>
        {canWrite ? (
          <Button variant="primary" onClick={() => setEditing({ channel: null })}>
            {t('settings.channels.new')}
          </Button>
        ) : null}
      </div>
      {channels.isPending ? (
        <Loading />
      ) : channels.isError ? (
        <ErrorState error={channels.error} onRetry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <EmptyState title={t('settings.channels.empty')} />
      ) : (
        <Table caption={t('settings.tabs.channels')} className="channels-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.channels.columns.code')}</th>
              <th scope="col">{t('settings.channels.columns.name')}</th>
              <th scope="col">{t('settings.channels.columns.kind')}</th>
              <th scope="col">{t('settings.channels.columns.currency')}</th>
              <th scope="col">{t('settings.channels.columns.warehouses')}</th>
              <th scope="col">{t('settings.channels.columns.buffer')}</th>
              <th scope="col">{t('settings.channels.columns.rules')}</th>
              <th scope="col">{t('settings.channels.columns.status')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {channels.data.map((c) => (
              <tr key={c.id} data-channel={c.code}>
                <td className="mono">{c.code}</td>
                <td>{c.name}</td>
                <td>{kindLabel(c.kind)}</td>
                <td>{c.currency}</td>
                <td>
                  {[...c.warehouses]
                    .sort((a, b) => a.priority - b.priority)
                    .map((w) => `${w.warehouse} (${w.priority})`)
                    .join(', ') || '—'}
                </td>
                <td>
                  {t('settings.channels.bufferValue', { units: c.bufferUnits, percent: c.bufferPercent })}
                </td>
                <td>
                  <span className="badges">
                    {RULES.filter((r) => c.rules[r]).map((r) => (
                      <Badge key={r} tone="info">
                        {t(`settings.channels.${r}`)}
                      </Badge>
                    ))}
                  </span>
                </td>
                <td>
                  {c.isArchived ? (
                    <Badge tone="muted">{t('settings.status.archived')}</Badge>
                  ) : (
                    <Badge tone="success">{t('settings.status.active')}</Badge>
                  )}
                </td>
                <td>
                  <div className="row-actions">
                    <Button size="sm" onClick={() => setAvailability(c)}>
                      {t('settings.channels.availability')}
                    </Button>
                    {canWrite ? (
                      <Button size="sm" onClick={() => setEditing({ channel: c })}>
                        {t('settings.edit')}
                      </Button>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing ? (
        <ChannelDialog channel={editing.channel} kindLabel={kindLabel} onClose={() => setEditing(null)} />
      ) : null}
      {availability ? (
        <AvailabilityDialog channel={availability} onClose={() => setAvailability(null)} />
      ) : null}
    </section>
  );
}

interface WarehouseRow {
  warehouse: string;
  priority: string;
}

function ChannelDialog({
  channel,
  kindLabel,
  onClose,
}: {
  channel: Channel | null;
  kindLabel(kind: string): string;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const mutation = channel ? update : create;
  const warehouses = useWarehouses();
  const [code, setCode] = useState('');
  const [name, setName] = useState(channel?.name ?? '');
  const [kind, setKind] = useState<Kind>((channel?.kind as Kind | undefined) ?? 'web_shop');
  const [currency, setCurrency] = useState(channel?.currency ?? 'EUR');
  const [rows, setRows] = useState<WarehouseRow[]>(
    [...(channel?.warehouses ?? [])]
      .sort((a, b) => a.priority - b.priority)
      .map((w) => ({ warehouse: w.warehouse, priority: String(w.priority) })),
  );
  const [bufferUnits, setBufferUnits] = useState(String(channel?.bufferUnits ?? 0));
  const [bufferPercent, setBufferPercent] = useState(String(channel?.bufferPercent ?? 0));
  const [rules, setRules] = useState<Record<Rule, boolean>>(
    channel?.rules ?? { allowSplit: true, allowPartial: true, allowBackorder: true, preferNearest: false },
  );
  const [isArchived, setArchived] = useState(channel?.isArchived ?? false);
  const [touched, setTouched] = useState(false);

  const units = parseIntIn(bufferUnits, 0, 1_000_000_000);
  const percent = parseIntIn(bufferPercent, 0, 100);
  const priorities = rows.map((r) => parseIntIn(r.priority, 0, 1000));
  const problems = {
    code:
      channel || /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(code.trim())
        ? null
        : t('settings.channels.invalidCode'),
    name: name.trim() === '' ? t('common.required') : null,
    currency: /^[A-Z]{3}$/.test(currency.trim()) ? null : t('settings.channels.invalidCurrency'),
    bufferUnits: units === null ? t('settings.channels.invalidNumber', { min: 0, max: 1_000_000_000 }) : null,
    bufferPercent: percent === null ? t('settings.channels.invalidNumber', { min: 0, max: 100 }) : null,
    warehouses:
      rows.some((r) => r.warehouse === '') || priorities.some((p) => p === null)
        ? t('settings.channels.invalidNumber', { min: 0, max: 1000 })
        : null,
  };
  const hasProblem = Object.values(problems).some(Boolean);
  const available = (warehouses.data ?? []).filter((w) => !rows.some((r) => r.warehouse === w));

  const submit = () => {
    setTouched(true);
    if (hasProblem || units === null || percent === null) return;
    const list = rows.map((r, i) => ({ warehouse: r.warehouse, priority: priorities[i] ?? 0 }));
    const common = {
      name: name.trim(),
      currency: currency.trim(),
      warehouses: list,
      bufferUnits: units,
      bufferPercent: percent,
      ...rules,
    };
    if (channel) {
      update.mutate(
        { id: channel.id, body: { ...common, isArchived, version: channel.version } },
        {
          onSuccess: (c) => {
            toast.success(t('settings.channels.updated', { code: c.code }));
            onClose();
          },
        },
      );
    } else {
      create.mutate(
        { ...common, code: code.trim(), kind },
        {
          onSuccess: (c) => {
            toast.success(t('settings.channels.created', { code: c.code }));
            onClose();
          },
        },
      );
    }
  };

  return (
    <Dialog
      title={
        channel
          ? t('settings.channels.editTitle', { name: channel.name })
          : t('settings.channels.createTitle')
      }
      onClose={onClose}
      onSubmit={submit}
      isBusy={mutation.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={mutation.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={mutation.isPending}>
            {channel ? t('common.save') : t('settings.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        {channel ? null : (
          <TextField
            label={t('settings.channels.code')}
            name="code"
            value={code}
            maxLength={32}
            autoComplete="off"
            hint={t('settings.channels.codeHint')}
            onChange={(e) => setCode(e.target.value)}
            error={(touched ? problems.code : null) ?? fieldError(mutation.error, 'code')}
          />
        )}
        <TextField
          label={t('settings.channels.name')}
          name="name"
          value={name}
          maxLength={200}
          onChange={(e) => setName(e.target.value)}
          error={(touched ? problems.name : null) ?? fieldError(mutation.error, 'name')}
        />
        {channel ? null : (
          <SelectField
            label={t('settings.channels.kind')}
            name="kind"
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
          >
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label={t('settings.channels.currency')}
          name="currency"
          value={currency}
          maxLength={3}
          hint={t('settings.channels.currencyHint')}
          onChange={(e) => setCurrency(e.target.value.toUpperCase())}
          error={(touched ? problems.currency : null) ?? fieldError(mutation.error, 'currency')}
        />
        <fieldset className="field">
          <legend>{t('settings.channels.warehouses')}</legend>
          {rows.map((row, i) => (
            <div className="inline-row" key={row.warehouse || `new-${i}`}>
              <SelectField
                label={t('settings.channels.warehouse')}
                value={row.warehouse}
                onChange={(e) =>
                  setRows((all) => all.map((r, j) => (j === i ? { ...r, warehouse: e.target.value } : r)))
                }
              >
                <option value="" disabled>
                  —
                </option>
                {[row.warehouse, ...available].filter(Boolean).map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </SelectField>
              <TextField
                label={t('settings.channels.priority')}
                type="number"
                inputMode="numeric"
                min={0}
                max={1000}
                value={row.priority}
                onChange={(e) =>
                  setRows((all) => all.map((r, j) => (j === i ? { ...r, priority: e.target.value } : r)))
                }
              />
              <Button
                size="sm"
                variant="ghost"
                aria-label={t('settings.channels.removeWarehouse', { warehouse: row.warehouse || '—' })}
                onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
              >
                ×
              </Button>
            </div>
          ))}
          {available.length > 0 ? (
            <div>
              <Button
                size="sm"
                onClick={() =>
                  setRows((all) => [
                    ...all,
                    {
                      warehouse: available[0] ?? '',
                      priority: String(Math.max(-10, ...priorities.map((p) => p ?? 0)) + 10),
                    },
                  ])
                }
              >
                {t('settings.channels.addWarehouse')}
              </Button>
            </div>
          ) : null}
          <p className="field-hint">{t('settings.channels.warehousesHint')}</p>
          {((touched ? problems.warehouses : null) ?? fieldError(mutation.error, 'warehouses')) ? (
            <p className="field-error">
              {(touched ? problems.warehouses : null) ?? fieldError(mutation.error, 'warehouses')}
            </p>
          ) : null}
        </fieldset>
        <div className="two-columns">
          <TextField
            label={t('settings.channels.bufferUnits')}
            name="bufferUnits"
            type="number"
            inputMode="numeric"
            min={0}
            value={bufferUnits}
            onChange={(e) => setBufferUnits(e.target.value)}
            error={(touched ? problems.bufferUnits : null) ?? fieldError(mutation.error, 'bufferUnits')}
          />
          <TextField
            label={t('settings.channels.bufferPercent')}
            name="bufferPercent"
            type="number"
            inputMode="numeric"
            min={0}
            max={100}
            value={bufferPercent}
            onChange={(e) => setBufferPercent(e.target.value)}
            error={(touched ? problems.bufferPercent : null) ?? fieldError(mutation.error, 'bufferPercent')}
          />
        </div>
        <p className="field-hint">{t('settings.channels.bufferHint')}</p>
        <fieldset className="field checks">
          <legend>{t('settings.channels.rules')}</legend>
          {RULES.map((r) => (
            <CheckboxField
              key={r}
              label={t(`settings.channels.${r}`)}
              checked={rules[r]}
              onChange={(e) => setRules((all) => ({ ...all, [r]: e.target.checked }))}
            />
          ))}
        </fieldset>
        {channel ? (
          <CheckboxField
            label={t('settings.channels.archived')}
            checked={isArchived}
            onChange={(e) => setArchived(e.target.checked)}
          />
        ) : null}
        <FormError error={mutation.error} />
      </div>
    </Dialog>
  );
}

/** What the channel may sell per SKU now: available over its warehouses, less its buffer (first 100). */
function AvailabilityDialog({ channel, onClose }: { channel: Channel; onClose(): void }) {
  const { t, number } = useI18n();
  const availability = useQuery({
    queryKey: ['settings', 'channels', channel.id, 'availability'],
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/v1/channels/{id}/availability', {
          params: { path: { id: channel.id }, query: { limit: 100 } },
          signal,
        }),
      ),
  });
  return (
    <Dialog
      title={t('settings.channels.availabilityTitle', { name: channel.name })}
      onClose={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
    >
      {availability.isPending ? (
        <Loading />
      ) : availability.isError ? (
        <ErrorState error={availability.error} onRetry={() => void availability.refetch()} />
      ) : availability.data.items.length === 0 ? (
        <EmptyState title={t('settings.channels.availabilityEmpty')} />
      ) : (
        <Table caption={t('settings.channels.availabilityTitle', { name: channel.name })}>
          <thead>
            <tr>
              <th scope="col">{t('settings.channels.availabilityColumns.sku')}</th>
              <th scope="col" className="num">
                {t('settings.channels.availabilityColumns.onHand')}
              </th>
              <th scope="col" className="num">
                {t('settings.channels.availabilityColumns.reserved')}
              </th>
              <th scope="col" className="num">
                {t('settings.channels.availabilityColumns.buffer')}
              </th>
              <th scope="col" className="num">
                {t('settings.channels.availabilityColumns.availableToSell')}
              </th>
            </tr>
          </thead>
          <tbody>
            {availability.data.items.map((i) => (
              <tr key={i.sku}>
                <td className="mono">{i.sku}</td>
                <td className="num">{number(i.onHand)}</td>
                <td className="num">{number(i.reserved)}</td>
                <td className="num">{number(i.buffer)}</td>
                <td className="num strong">{number(i.availableToSell)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Dialog>
  );
}
