import { useState } from 'react';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { formatMinorInput, parseMinor } from '../../lib/money-input';
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
  type HoldCondition,
  type HoldRule,
  useCreateHoldRule,
  useHoldRules,
  useSettingsChannels,
  useUpdateHoldRule,
} from './api';
import { FormError, fieldError, parseIntIn, splitList } from './common';

/** Hold rules in the order they are evaluated; create, edit, switch on and off. */
export function HoldRulesPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  useDocumentTitle(t('settings.tabs.holdRules'));
  const rules = useHoldRules();
  const update = useUpdateHoldRule();
  const [editing, setEditing] = useState<{ rule: HoldRule | null } | null>(null);
  const canWrite = can('channels.write');
  const describe = useDescribeCondition();

  return (
    <section className="section">
      <div className="section-header">
        <p className="muted">{t('settings.holdRules.intro')}</p>
        {canWrite ? (
          <Button variant="primary" onClick={() => setEditing({ rule: null })}>
            {t('settings.holdRules.new')}
          </Button>
        ) : null}
      </div>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title={t('settings.holdRules.empty')} />
      ) : (
        <Table caption={t('settings.tabs.holdRules')} className="hold-rules-table">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('settings.holdRules.columns.priority')}
              </th>
              <th scope="col">{t('settings.holdRules.columns.name')}</th>
              <th scope="col">{t('settings.holdRules.columns.channel')}</th>
              <th scope="col">{t('settings.holdRules.columns.condition')}</th>
              <th scope="col">{t('settings.holdRules.columns.status')}</th>
              {canWrite ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {rules.data.map((r) => (
              <tr key={r.id}>
                <td className="num">{r.priority}</td>
                <td>{r.name}</td>
                <td>{r.channel ?? t('settings.holdRules.anyChannel')}</td>
                <td>{describe(r.condition as HoldCondition)}</td>
                <td>
                  {r.isActive ? (
                    <Badge tone="success">{t('settings.status.active')}</Badge>
                  ) : (
                    <Badge tone="muted">{t('settings.status.inactive')}</Badge>
                  )}
                </td>
                {canWrite ? (
                  <td>
                    <div className="row-actions">
                      <Button size="sm" onClick={() => setEditing({ rule: r })}>
                        {t('settings.edit')}
                      </Button>
                      <Button
                        size="sm"
                        isLoading={update.isPending && update.variables?.id === r.id}
                        onClick={() =>
                          update.mutate(
                            { id: r.id, body: { isActive: !r.isActive } },
                            {
                              onSuccess: (x) =>
                                toast.success(
                                  t(
                                    x.isActive
                                      ? 'settings.holdRules.activated'
                                      : 'settings.holdRules.deactivated',
                                    {
                                      name: x.name,
                                    },
                                  ),
                                ),
                              onError: (e) => toast.error(e),
                            },
                          )
                        }
                      >
                        {r.isActive ? t('settings.holdRules.deactivate') : t('settings.holdRules.activate')}
                      </Button>
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {editing ? <HoldRuleDialog rule={editing.rule} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

function useDescribeCondition(): (c: HoldCondition) => string {
  const { t, money } = useI18n();
  return (c) => {
    const parts: string[] = [];
    if (c.totalAboveMinor !== undefined)
      parts.push(
        t('settings.holdRules.cond.totalAboveMinor', {
          value: c.currency ? money(c.totalAboveMinor, c.currency) : String(c.totalAboveMinor),
        }),
      );
    else if (c.currency) parts.push(t('settings.holdRules.cond.currency', { value: c.currency }));
    if (c.addressIncomplete) parts.push(t('settings.holdRules.cond.addressIncomplete'));
    if (c.flagged) parts.push(t('settings.holdRules.cond.flagged'));
    if (c.customerTags)
      parts.push(t('settings.holdRules.cond.customerTags', { value: c.customerTags.join(', ') }));
    if (c.orderTags) parts.push(t('settings.holdRules.cond.orderTags', { value: c.orderTags.join(', ') }));
    if (c.shipToCountries)
      parts.push(t('settings.holdRules.cond.shipToCountries', { value: c.shipToCountries.join(', ') }));
    if (c.paymentStatuses)
      parts.push(t('settings.holdRules.cond.paymentStatuses', { value: c.paymentStatuses.join(', ') }));
    return parts.join(' · ') || '—';
  };
}

function HoldRuleDialog({ rule, onClose }: { rule: HoldRule | null; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateHoldRule();
  const update = useUpdateHoldRule();
  const mutation = rule ? update : create;
  const channels = useSettingsChannels();
  const c = (rule?.condition ?? {}) as HoldCondition;
  const [name, setName] = useState(rule?.name ?? '');
  const [channel, setChannel] = useState(rule?.channel ?? '');
  const [priority, setPriority] = useState(String(rule?.priority ?? 100));
  const [isActive, setActive] = useState(rule?.isActive ?? true);
  const [currency, setCurrency] = useState(c.currency ?? '');
  const [total, setTotal] = useState(
    c.totalAboveMinor !== undefined ? formatMinorInput(c.totalAboveMinor, c.currency ?? 'EUR') : '',
  );
  const [addressIncomplete, setAddressIncomplete] = useState(c.addressIncomplete ?? false);
  const [flagged, setFlagged] = useState(c.flagged ?? false);
  const [customerTags, setCustomerTags] = useState((c.customerTags ?? []).join(', '));
  const [orderTags, setOrderTags] = useState((c.orderTags ?? []).join(', '));
  const [countries, setCountries] = useState((c.shipToCountries ?? []).join(', '));
  const [payments, setPayments] = useState((c.paymentStatuses ?? []).join(', '));
  const [touched, setTouched] = useState(false);

  const priorityValue = parseIntIn(priority, 0, 10_000);
  const totalMinor = total.trim() ? parseMinor(total, currency || 'EUR') : null;
  const countryList = splitList(countries.toUpperCase());
  const condition: HoldCondition = {
    ...(total.trim() && totalMinor !== null ? { totalAboveMinor: totalMinor } : {}),
    ...(currency ? { currency } : {}),
    ...(addressIncomplete ? { addressIncomplete: true } : {}),
    ...(flagged ? { flagged: true } : {}),
    ...(splitList(customerTags).length ? { customerTags: splitList(customerTags) } : {}),
    ...(splitList(orderTags).length ? { orderTags: splitList(orderTags) } : {}),
    ...(countryList.length ? { shipToCountries: countryList } : {}),
    ...(splitList(payments).length ? { paymentStatuses: splitList(payments) } : {}),
  };
  const problems = {
    name: name.trim() === '' ? t('common.required') : null,
    priority: priorityValue === null ? t('settings.channels.invalidNumber', { min: 0, max: 10_000 }) : null,
    currency: currency && !/^[A-Z]{3}$/.test(currency) ? t('settings.channels.invalidCurrency') : null,
    total: total.trim()
      ? !currency
        ? t('settings.holdRules.currencyRequired')
        : totalMinor === null
          ? t('settings.channels.invalidNumber', { min: 0, max: Number.MAX_SAFE_INTEGER })
          : null
      : null,
    countries: countryList.some((x) => !/^[A-Z]{2}$/.test(x)) ? t('settings.holdRules.countriesHint') : null,
    condition: Object.keys(condition).length === 0 ? t('settings.holdRules.conditionRequired') : null,
  };
  const hasProblem = Object.values(problems).some(Boolean);

  const submit = () => {
    setTouched(true);
    if (hasProblem || priorityValue === null) return;
    const body = {
      name: name.trim(),
      channel: channel || null,
      priority: priorityValue,
      isActive,
      condition,
    };
    const onSuccess = (r: HoldRule) => {
      toast.success(t(rule ? 'settings.holdRules.updated' : 'settings.holdRules.created', { name: r.name }));
      onClose();
    };
    if (rule) update.mutate({ id: rule.id, body }, { onSuccess });
    else create.mutate(body, { onSuccess });
  };
  const show = (problem: string | null, field: string) =>
    (touched ? problem : null) ?? fieldError(mutation.error, field);

  return (
    <Dialog
      title={
        rule ? t('settings.holdRules.editTitle', { name: rule.name }) : t('settings.holdRules.createTitle')
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
            {rule ? t('common.save') : t('settings.create')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('settings.holdRules.name')}
          name="name"
          value={name}
          maxLength={200}
          hint={t('settings.holdRules.nameHint')}
          onChange={(e) => setName(e.target.value)}
          error={show(problems.name, 'name')}
        />
        <div className="two-columns">
          <SelectField
            label={t('settings.holdRules.channel')}
            name="channel"
            value={channel}
            onChange={(e) => setChannel(e.target.value)}
            error={fieldError(mutation.error, 'channel')}
          >
            <option value="">{t('settings.holdRules.anyChannel')}</option>
            {(channels.data ?? []).map((ch) => (
              <option key={ch.id} value={ch.code}>
                {ch.code} · {ch.name}
              </option>
            ))}
          </SelectField>
          <TextField
            label={t('settings.holdRules.priority')}
            name="priority"
            type="number"
            inputMode="numeric"
            min={0}
            max={10_000}
            value={priority}
            hint={t('settings.holdRules.priorityHint')}
            onChange={(e) => setPriority(e.target.value)}
            error={show(problems.priority, 'priority')}
          />
        </div>
        <fieldset className="field">
          <legend>{t('settings.holdRules.conditionLegend')}</legend>
          <p className="field-hint">{t('settings.holdRules.conditionHint')}</p>
          <div className="two-columns">
            <TextField
              label={t('settings.holdRules.totalAbove')}
              name="totalAbove"
              inputMode="decimal"
              value={total}
              isOptional
              onChange={(e) => setTotal(e.target.value)}
              error={show(problems.total, 'condition.totalAboveMinor')}
            />
            <TextField
              label={t('settings.holdRules.currency')}
              name="currency"
              value={currency}
              maxLength={3}
              isOptional
              onChange={(e) => setCurrency(e.target.value.toUpperCase())}
              error={show(problems.currency, 'condition.currency')}
            />
          </div>
          <CheckboxField
            label={t('settings.holdRules.addressIncomplete')}
            checked={addressIncomplete}
            onChange={(e) => setAddressIncomplete(e.target.checked)}
          />
          <CheckboxField
            label={t('settings.holdRules.flagged')}
            checked={flagged}
            onChange={(e) => setFlagged(e.target.checked)}
          />
          <TextField
            label={t('settings.holdRules.shipToCountries')}
            name="shipToCountries"
            value={countries}
            isOptional
            hint={t('settings.holdRules.countriesHint')}
            onChange={(e) => setCountries(e.target.value)}
            error={show(problems.countries, 'condition.shipToCountries')}
          />
          <div className="two-columns">
            <TextField
              label={t('settings.holdRules.customerTags')}
              name="customerTags"
              value={customerTags}
              isOptional
              hint={t('settings.holdRules.listHint')}
              onChange={(e) => setCustomerTags(e.target.value)}
            />
            <TextField
              label={t('settings.holdRules.orderTags')}
              name="orderTags"
              value={orderTags}
              isOptional
              hint={t('settings.holdRules.listHint')}
              onChange={(e) => setOrderTags(e.target.value)}
            />
          </div>
          <TextField
            label={t('settings.holdRules.paymentStatuses')}
            name="paymentStatuses"
            value={payments}
            isOptional
            hint={t('settings.holdRules.listHint')}
            onChange={(e) => setPayments(e.target.value)}
          />
          {touched && problems.condition ? <p className="field-error">{problems.condition}</p> : null}
        </fieldset>
        <CheckboxField
          label={t('settings.holdRules.isActive')}
          checked={isActive}
          onChange={(e) => setActive(e.target.checked)}
        />
        <FormError error={mutation.error} />
      </div>
    </Dialog>
  );
}
