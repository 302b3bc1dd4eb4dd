import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useLocationsTree } from '../../api/operations';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  SelectField,
  Table,
  TextField,
  useToast,
} from '../../ui';
import { useChosenWarehouse, WarehouseSelect } from '../warehouse/common';
import {
  type LocationCapacity,
  type PutawayRule,
  type PutawayRuleKind,
  useCreatePutawayRule,
  usePutawayRules,
  useSetBinCapacity,
  useSetPutawayRuleActive,
} from './api';
import { parseWhole } from './inbound';

const KINDS: readonly PutawayRuleKind[] = ['fixed_bin', 'zone', 'overflow'];

/**
 * Put-away setup for one warehouse: the rules in the order they are tried (deactivated and reactivated in
 * place), a form to add one, and a bin's capacity. Reading needs stock.read; changing, locations.write.
 */
export function PutawaySetupPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  const rules = usePutawayRules(warehouse);
  const locations = useLocationsTree(can('locations.read'));
  const canWrite = can('locations.write');
  useDocumentTitle(t('inbound.rules.title'));
  // The warehouse's live zones and bins, offered as rule targets and capacity bins.
  const { zones, bins } = useMemo(() => {
    const mine = (locations.data ?? []).filter(
      (l) => !l.isArchived && l.warehouse.toUpperCase() === warehouse.toUpperCase(),
    );
    const codes = (kind: string) =>
      mine
        .filter((l) => l.kind === kind)
        .map((l) => l.code)
        .sort();
    return { zones: codes('zone'), bins: codes('bin') };
  }, [locations.data, warehouse]);

  return (
    <div className="scan-page">
      <Link to="/inbound/putaway" className="back-link">
        ← {t('inbound.rules.back')}
      </Link>
      <div className="page-header">
        <div>
          <h1>{t('inbound.rules.title')}</h1>
          <p className="muted">{t('inbound.rules.intro')}</p>
        </div>
        <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
      </div>
      {rules.isPending ? (
        <Loading />
      ) : rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title={t('inbound.rules.none')} />
      ) : (
        <RulesTable rules={rules.data} canWrite={canWrite} />
      )}
      {canWrite && warehouse !== '' ? (
        <div className="in-two">
          <CreateRuleForm key={`rule-${warehouse}`} warehouse={warehouse} zones={zones} bins={bins} />
          <CapacityForm key={`capacity-${warehouse}`} bins={bins} />
        </div>
      ) : null}
      <datalist id="putaway-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <datalist id="putaway-bins">
        {bins.map((b) => (
          <option key={b} value={b} />
        ))}
      </datalist>
    </div>
  );
}

function RulesTable({ rules, canWrite }: { rules: readonly PutawayRule[]; canWrite: boolean }) {
  const { t } = useI18n();
  const toast = useToast();
  const setActive = useSetPutawayRuleActive();
  return (
    <>
      <Table caption={t('inbound.rules.title')}>
        <thead>
          <tr>
            <th className="num">{t('inbound.rules.columns.priority')}</th>
            <th>{t('inbound.rules.columns.kind')}</th>
            <th>{t('inbound.rules.columns.applies')}</th>
            <th>{t('inbound.rules.columns.target')}</th>
            <th>{t('inbound.rules.columns.state')}</th>
            {canWrite ? (
              <th>
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => {
            const kind = t(`inbound.rules.kind.${rule.kind}`);
            const vars = { kind, target: rule.target };
            return (
              <tr
                key={rule.id}
                data-testid="putaway-rule"
                data-kind={rule.kind}
                data-target={rule.target}
                data-active={String(rule.isActive)}
                className={rule.isActive ? undefined : 'muted'}
              >
                <td className="num">{rule.priority}</td>
                <td>{kind}</td>
                <td>
                  {rule.sku ? <span className="mono">{rule.sku}</span> : null}
                  {rule.sku && rule.category ? ' · ' : null}
                  {rule.category ? t('inbound.rules.category', { category: rule.category }) : null}
                  {!rule.sku && !rule.category ? (
                    <span className="muted">{t('inbound.rules.everything')}</span>
                  ) : null}
                </td>
                <td className="mono">{rule.target}</td>
                <td>
                  <Badge tone={rule.isActive ? 'success' : 'muted'}>
                    {rule.isActive ? t('inbound.rules.active') : t('inbound.rules.inactive')}
                  </Badge>
                </td>
                {canWrite ? (
                  <td>
                    <Button
                      size="sm"
                      variant={rule.isActive ? 'secondary' : 'primary'}
                      aria-label={
                        rule.isActive
                          ? t('inbound.rules.deactivateLabel', vars)
                          : t('inbound.rules.reactivateLabel', vars)
                      }
                      isLoading={setActive.isPending && setActive.variables?.id === rule.id}
                      onClick={() =>
                        setActive.mutate(
                          { id: rule.id, isActive: !rule.isActive },
                          {
                            onSuccess: (r) =>
                              toast.success(
                                t('inbound.rules.changed', {
                                  ...vars,
                                  state: r.isActive ? t('inbound.rules.active') : t('inbound.rules.inactive'),
                                }),
                              ),
                          },
                        )
                      }
                      data-testid="rule-toggle"
                    >
                      {rule.isActive ? t('inbound.rules.deactivate') : t('inbound.rules.reactivate')}
                    </Button>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
      <InlineError error={setActive.error} />
    </>
  );
}

function CreateRuleForm({
  warehouse,
  zones,
  bins,
}: {
  warehouse: string;
  zones: readonly string[];
  bins: readonly string[];
}) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreatePutawayRule();
  const [kind, setKind] = useState<PutawayRuleKind>('zone');
  const [priority, setPriority] = useState('10');
  const [sku, setSku] = useState('');
  const [category, setCategory] = useState('');
  const [target, setTarget] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const priorityValue = parseWhole(priority, 0, 1_000_000);
  const problems = {
    priority: priorityValue === null ? t('inbound.rules.wholeNumber') : null,
    target: target.trim() === '' ? t('inbound.rules.required') : null,
  };
  const isBin = kind === 'fixed_bin';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (priorityValue === null || problems.target) return;
    create.mutate(
      {
        warehouse,
        priority: priorityValue,
        kind,
        target: target.trim(),
        ...(sku.trim() ? { sku: sku.trim().toUpperCase() } : {}),
        ...(category.trim() ? { category: category.trim() } : {}),
      },
      {
        onSuccess: () => {
          toast.success(t('inbound.rules.created'));
          setSku('');
          setCategory('');
          setTarget('');
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="rule-form">
      <h2>{t('inbound.rules.create')}</h2>
      <SelectField
        label={t('inbound.rules.columns.kind')}
        value={kind}
        onChange={(e) => setKind(e.target.value as PutawayRuleKind)}
        data-testid="rule-kind"
      >
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`inbound.rules.kind.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('inbound.rules.priority')}
        inputMode="numeric"
        value={priority}
        onChange={(e) => setPriority(e.target.value)}
        hint={t('inbound.rules.priorityHint')}
        error={isSubmitted ? problems.priority : null}
        data-testid="rule-priority"
      />
      <TextField
        label={t('inbound.rules.target')}
        value={target}
        autoComplete="off"
        list={isBin ? 'putaway-bins' : 'putaway-zones'}
        placeholder={(isBin ? bins[0] : zones[0]) ?? ''}
        onChange={(e) => setTarget(e.target.value)}
        hint={isBin ? t('inbound.rules.targetHintBin') : t('inbound.rules.targetHintZone')}
        error={isSubmitted ? problems.target : null}
        data-testid="rule-target"
      />
      <TextField
        label={t('inbound.rules.sku')}
        value={sku}
        autoComplete="off"
        onChange={(e) => setSku(e.target.value)}
        hint={t('inbound.rules.skuHint')}
        isOptional
        data-testid="rule-sku"
      />
      <TextField
        label={t('inbound.rules.categoryField')}
        value={category}
        onChange={(e) => setCategory(e.target.value)}
        hint={t('inbound.rules.categoryHint')}
        isOptional
      />
      <InlineError error={create.error} />
      <div className="toolbar">
        <Button type="submit" variant="primary" isLoading={create.isPending} data-testid="rule-submit">
          {t('inbound.rules.create')}
        </Button>
      </div>
    </form>
  );
}

function CapacityForm({ bins }: { bins: readonly string[] }) {
  const { t, number } = useI18n();
  const setCapacity = useSetBinCapacity();
  const [bin, setBin] = useState('');
  const [units, setUnits] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const [result, setResult] = useState<LocationCapacity | null>(null);
  const capacity = units.trim() === '' ? null : parseWhole(units, 0, 2_000_000_000);
  const problems = {
    bin: bin.trim() === '' ? t('inbound.rules.required') : null,
    units: units.trim() !== '' && capacity === null ? t('inbound.rules.wholeNumber') : null,
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setResult(null);
    if (problems.bin || problems.units) return;
    setCapacity.mutate(
      { code: bin.trim(), capacityUnits: capacity },
      {
        onSuccess: (r) => {
          setResult(r);
          setSubmitted(false);
        },
      },
    );
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="capacity-form">
      <h2>{t('inbound.rules.capacity.title')}</h2>
      <p className="muted small">{t('inbound.rules.capacity.intro')}</p>
      <TextField
        label={t('inbound.rules.capacity.bin')}
        value={bin}
        autoComplete="off"
        list="putaway-bins"
        placeholder={bins[0] ?? ''}
        onChange={(e) => setBin(e.target.value)}
        error={isSubmitted ? problems.bin : null}
        data-testid="capacity-bin"
      />
      <TextField
        label={t('inbound.rules.capacity.units')}
        inputMode="numeric"
        value={units}
        placeholder={t('inbound.rules.capacity.unlimited')}
        onChange={(e) => setUnits(e.target.value)}
        error={isSubmitted ? problems.units : null}
        isOptional
        data-testid="capacity-units"
      />
      <InlineError error={setCapacity.error} />
      {result ? (
        <p className="notice" data-testid="capacity-result">
          {t('inbound.rules.capacity.done', {
            bin: result.location,
            capacity:
              result.capacityUnits === null
                ? t('inbound.rules.capacity.unlimited')
                : number(result.capacityUnits),
            onHand: number(result.unitsOnHand),
          })}
        </p>
      ) : null}
      <div className="toolbar">
        <Button
          type="submit"
          variant="primary"
          isLoading={setCapacity.isPending}
          data-testid="capacity-submit"
        >
          {t('inbound.rules.capacity.submit')}
        </Button>
      </div>
    </form>
  );
}
