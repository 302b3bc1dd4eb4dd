import { type FormEvent, useRef, useState } from 'react';
import { NavLink } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  CheckboxField,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  RadioGroup,
  Table,
  TextField,
  useToast,
} from '../../ui';
import { useChosenWarehouse, WarehouseSelect } from '../warehouse/common';
import { type Feedback, ScanFeedback, ScanInput, type ScanInputHandle } from '../warehouse/ScanInput';
import { cleanScan, matchesItem, shortBin } from '../warehouse/scan';
import '../warehouse/warehouse.css';
import {
  type CountResult,
  type CountTask,
  type CreateCountPlanBody,
  useAccuracy,
  useCountPlans,
  useCountTask,
  useCountTaskList,
  useCreateCountPlan,
  useDecideCount,
  useGenerateCounts,
  useSkuGtins,
} from './api';
import { InStatus } from './common';
import { parseWhole, signedQty, taskAtBin } from './inbound';

function CountsNav() {
  const { t } = useI18n();
  const { can } = useSession();
  const links = [
    { to: '/inbound/counts', label: t('inbound.counts.mine'), show: true },
    { to: '/inbound/counts/approvals', label: t('inbound.counts.approvals'), show: can('counts.approve') },
    { to: '/inbound/counts/plans', label: t('inbound.counts.plans'), show: true },
    { to: '/inbound/counts/accuracy', label: t('inbound.counts.accuracy'), show: can('stock.read') },
  ];
  return (
    <nav className="in-subnav" aria-label={t('inbound.tabs.counts')}>
      {links
        .filter((l) => l.show)
        .map((l) => (
          <NavLink
            key={l.to}
            to={l.to}
            end
            className={({ isActive }) => `in-sublink${isActive ? ' is-active' : ''}`}
          >
            {l.label}
          </NavLink>
        ))}
    </nav>
  );
}

function Header({ title, intro }: { title: string; intro: string }) {
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  return (
    <>
      <CountsNav />
      <div className="page-header">
        <div>
          <h1>{title}</h1>
          <p className="muted">{intro}</p>
        </div>
        <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
      </div>
    </>
  );
}

type Step = { kind: 'bin' } | { kind: 'sku'; bin: string } | { kind: 'qty'; task: CountTask };

/**
 * A counter's open tasks and the blind count itself: scan the bin, scan the SKU, type what is there. The
 * expected quantity shows only when the server sends it (a manager, or a task that is not blind).
 */
export function CountTasksPage() {
  const { t, plural } = useI18n();
  const { warehouse } = useChosenWarehouse();
  const tasks = useCountTaskList(warehouse, 'open');
  const gtins = useSkuGtins((tasks.data ?? []).flatMap((x) => (x.sku ? [x.sku] : [])));
  const count = useCountTask();
  const scanner = useRef<ScanInputHandle>(null);
  const [step, setStep] = useState<Step>({ kind: 'bin' });
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [qty, setQty] = useState('');
  const [result, setResult] = useState<CountResult | null>(null);
  useDocumentTitle(t('inbound.counts.mine'));
  const open = tasks.data ?? [];

  const onScan = (raw: string) => {
    const code = cleanScan(raw);
    if (step.kind === 'bin' || step.kind === 'qty') {
      const here = taskAtBin(code, open);
      if (here.length === 0) {
        setFeedback({ tone: 'error', text: t('inbound.counts.noTaskAtBin', { bin: code }) });
        return;
      }
      setResult(null);
      const only = here.length === 1 ? here[0]! : null;
      if (only && only.sku === null) {
        setStep({ kind: 'qty', task: only });
        setFeedback({
          tone: 'info',
          text: t('inbound.counts.confirmEmpty', { bin: shortBin(only.location) }),
        });
        return;
      }
      setStep({ kind: 'sku', bin: here[0]!.location });
      setFeedback({ tone: 'info', text: t('inbound.counts.binOk', { bin: shortBin(here[0]!.location) }) });
      return;
    }
    const atBin = open.filter((x) => x.location === step.bin);
    const task = atBin.find(
      (x) => x.sku && matchesItem(code, { code: x.sku, gtin: gtins.data?.get(x.sku) ?? null }),
    );
    if (!task) {
      setFeedback({
        tone: 'error',
        text: t('inbound.counts.noTaskForSku', { sku: code, bin: shortBin(step.bin) }),
      });
      return;
    }
    setStep({ kind: 'qty', task });
    setQty('');
    setFeedback({ tone: 'info', text: t('inbound.counts.skuOk', { sku: task.sku ?? '' }) });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (step.kind !== 'qty') return;
    const n = parseWhole(qty, 0, 10_000_000);
    if (n === null) {
      setFeedback({ tone: 'error', text: t('inbound.counts.invalidQty') });
      return;
    }
    count.mutate(
      { id: step.task.id, countedQty: n },
      {
        onSuccess: (r) => {
          setResult(r);
          setStep({ kind: 'bin' });
          setQty('');
          setFeedback(null);
          scanner.current?.focus();
        },
      },
    );
  };

  return (
    <div className="scan-page">
      <Header title={t('inbound.counts.mine')} intro={t('inbound.counts.mineIntro')} />
      <ScanInput
        ref={scanner}
        label={step.kind === 'sku' ? t('inbound.counts.scanSku') : t('inbound.counts.scanBin')}
        submitLabel={t('common.confirm')}
        testId="count-scan"
        onScan={onScan}
      />
      <ScanFeedback feedback={feedback} />
      {result ? <CountOutcome result={result} /> : null}
      {step.kind === 'qty' ? (
        <form className="card pick-task" onSubmit={submit} noValidate data-testid="count-form">
          <div className="pick-row">
            <div className="pick-field pick-bin">
              <span className="pick-field-label">{t('inbound.columns.bin')}</span>
              <span className="pick-field-value">{shortBin(step.task.location)}</span>
            </div>
            <div className="pick-field pick-item">
              <span className="pick-field-label">{t('inbound.columns.sku')}</span>
              <span className="pick-field-value pick-sku">{step.task.sku ?? t('inbound.counts.empty')}</span>
            </div>
          </div>
          {step.task.expectedQty !== null ? (
            <p className="muted" data-testid="count-expected">
              {t('inbound.counts.expected', { qty: step.task.expectedQty })}
            </p>
          ) : (
            <p className="muted small" data-testid="count-blind">
              {t('inbound.counts.blind')}
            </p>
          )}
          <label className="in-big-qty">
            <span>{t('inbound.counts.counted')}</span>
            <input
              inputMode="numeric"
              value={qty}
              onChange={(e) => setQty(e.target.value)}
              data-testid="counted-qty"
              // biome-ignore lint/a11y/noAutofocus: the counter types the quantity right after the scans.
              autoFocus
            />
          </label>
          <InlineError error={count.error} />
          <Button
            type="submit"
            variant="primary"
            className="btn-touch"
            isLoading={count.isPending}
            data-testid="count-submit"
          >
            {t('inbound.counts.record')}
          </Button>
        </form>
      ) : null}
      <section className="section" aria-labelledby="count-open">
        <h2 id="count-open">{plural('inbound.counts.open', open.length)}</h2>
        {tasks.isPending ? (
          <Loading />
        ) : tasks.isError ? (
          <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
        ) : open.length === 0 ? (
          <EmptyState title={t('inbound.counts.noneOpen')} />
        ) : (
          <Table caption={plural('inbound.counts.open', open.length)}>
            <thead>
              <tr>
                <th>{t('inbound.columns.bin')}</th>
                <th>{t('inbound.columns.sku')}</th>
                <th>{t('inbound.counts.source')}</th>
                <th>
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {open.map((x) => (
                <tr
                  key={x.id}
                  data-testid="count-task"
                  data-location={x.location}
                  data-sku={x.sku ?? ''}
                  data-source={x.source}
                >
                  <td className="mono">{shortBin(x.location)}</td>
                  <td className="mono">{x.sku ?? t('inbound.counts.empty')}</td>
                  <td>{t(`inbound.counts.sources.${x.source}`)}</td>
                  <td>
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => {
                        setResult(null);
                        setStep({ kind: 'qty', task: x });
                        setQty('');
                        setFeedback(null);
                      }}
                    >
                      {t('inbound.counts.countThis')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </div>
  );
}

function CountOutcome({ result }: { result: CountResult }) {
  const { t } = useI18n();
  const task = result.task;
  return (
    <div
      className={`notice${task.status === 'counted' ? ' notice-warning' : ''}`}
      data-testid="count-result"
      data-status={task.status}
    >
      <p className="strong">
        {task.status === 'counted'
          ? t('inbound.counts.awaiting', { sku: task.sku ?? '', bin: shortBin(task.location) })
          : t('inbound.counts.posted', { sku: task.sku ?? '', bin: shortBin(task.location) })}
      </p>
      {task.variance !== null ? (
        <p>{t('inbound.counts.variance', { qty: signedQty(task.variance) })}</p>
      ) : null}
    </div>
  );
}

/** Counted tasks whose variance exceeds the plan's limit, for a manager to approve (posted) or reject (recount). */
export function ApprovalsPage() {
  const { t, money, number, dateTime } = useI18n();
  const actor = useActorLabel();
  const { warehouse } = useChosenWarehouse();
  const tasks = useCountTaskList(warehouse, 'counted');
  const [deciding, setDeciding] = useState<{ task: CountTask; verb: 'approve' | 'reject' } | null>(null);
  useDocumentTitle(t('inbound.counts.approvals'));
  return (
    <div>
      <Header title={t('inbound.counts.approvals')} intro={t('inbound.counts.approvalsIntro')} />
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : tasks.data.length === 0 ? (
        <EmptyState title={t('inbound.counts.noneToApprove')} />
      ) : (
        <Table caption={t('inbound.counts.approvals')}>
          <thead>
            <tr>
              <th>{t('inbound.columns.bin')}</th>
              <th>{t('inbound.columns.sku')}</th>
              <th className="num">{t('inbound.counts.expectedCol')}</th>
              <th className="num">{t('inbound.counts.countedCol')}</th>
              <th className="num">{t('inbound.counts.varianceCol')}</th>
              <th className="num">{t('inbound.counts.valueCol')}</th>
              <th>{t('inbound.counts.countedBy')}</th>
              <th>
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.map((x) => (
              <tr key={x.id} data-testid="approval-row" data-location={x.location} data-sku={x.sku ?? ''}>
                <td className="mono">{shortBin(x.location)}</td>
                <td className="mono">{x.sku ?? '—'}</td>
                <td className="num">{x.expectedQty === null ? '—' : number(x.expectedQty)}</td>
                <td className="num">{x.countedQty === null ? '—' : number(x.countedQty)}</td>
                <td
                  className={`num strong${(x.variance ?? 0) < 0 ? ' text-danger' : ''}`}
                  data-testid="approval-variance"
                >
                  {x.variance === null ? '—' : signedQty(x.variance)}
                </td>
                <td className="num">
                  {x.varianceValueMinor === null || !x.currency
                    ? '—'
                    : money(x.varianceValueMinor, x.currency)}
                </td>
                <td className="small">
                  {x.countedBy
                    ? actor({ kind: x.countedBy.startsWith('key_') ? 'api_key' : 'user', id: x.countedBy })
                    : '—'}
                  {x.countedAt ? <span className="muted"> · {dateTime(x.countedAt)}</span> : null}
                </td>
                <td className="actions-cell">
                  <Button
                    size="sm"
                    variant="primary"
                    onClick={() => setDeciding({ task: x, verb: 'approve' })}
                  >
                    {t('inbound.counts.approve')}
                  </Button>
                  <Button size="sm" onClick={() => setDeciding({ task: x, verb: 'reject' })}>
                    {t('inbound.counts.reject')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {deciding ? <DecideDialog {...deciding} onClose={() => setDeciding(null)} /> : null}
    </div>
  );
}

function DecideDialog({
  task,
  verb,
  onClose,
}: {
  task: CountTask;
  verb: 'approve' | 'reject';
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const decide = useDecideCount();
  const [reason, setReason] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const isMissing = verb === 'reject' && reason.trim() === '';
  return (
    <Dialog
      title={t(`inbound.counts.${verb}Title`, { sku: task.sku ?? '', bin: shortBin(task.location) })}
      description={t(`inbound.counts.${verb}Hint`)}
      onClose={onClose}
      isBusy={decide.isPending}
      onSubmit={(e) => {
        e.preventDefault();
        setSubmitted(true);
        if (isMissing) return;
        decide.mutate(
          { id: task.id, verb, reason: reason.trim() },
          {
            onSuccess: () => {
              toast.success(t(`inbound.counts.${verb}Done`, { sku: task.sku ?? '' }));
              onClose();
            },
          },
        );
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={decide.isPending}>
            {t('common.cancel')}
          </Button>
          <Button
            type="submit"
            variant={verb === 'approve' ? 'primary' : 'danger'}
            isLoading={decide.isPending}
          >
            {t(`inbound.counts.${verb}`)}
          </Button>
        </>
      }
    >
      <TextField
        label={t('common.reason')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        isOptional={verb === 'approve'}
        error={isSubmitted && isMissing ? t('inbound.counts.reasonRequired') : null}
        data-testid="decision-reason"
      />
      <InlineError error={decide.error} />
    </Dialog>
  );
}

/** Count plans (location or ABC), generating their due tasks, and a new plan for managers. */
export function CountPlansPage() {
  const { t, dateTime } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const { warehouse } = useChosenWarehouse();
  const plans = useCountPlans(warehouse);
  const generate = useGenerateCounts();
  const [isCreating, setCreating] = useState(false);
  const canManage = can('counts.approve');
  useDocumentTitle(t('inbound.counts.plans'));
  return (
    <div>
      <Header title={t('inbound.counts.plans')} intro={t('inbound.counts.plansIntro')} />
      {canManage ? (
        <div className="toolbar">
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('inbound.counts.newPlan')}
          </Button>
        </div>
      ) : null}
      <InlineError error={generate.error} />
      {plans.isPending ? (
        <Loading />
      ) : plans.isError ? (
        <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />
      ) : plans.data.length === 0 ? (
        <EmptyState title={t('inbound.counts.noPlans')} />
      ) : (
        <Table caption={t('inbound.counts.plans')}>
          <thead>
            <tr>
              <th>{t('inbound.counts.planName')}</th>
              <th>{t('inbound.counts.kind')}</th>
              <th>{t('inbound.counts.scope')}</th>
              <th>{t('inbound.counts.threshold')}</th>
              <th>{t('inbound.counts.tasks')}</th>
              <th>{t('inbound.counts.lastGenerated')}</th>
              {canManage ? (
                <th>
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {plans.data.map((p) => (
              <tr key={p.id} data-testid="count-plan">
                <td>
                  {p.name ?? p.id} {p.blind ? <InStatus status="blind" /> : null}
                </td>
                <td>{t(`inbound.counts.kinds.${p.kind}`)}</td>
                <td className="mono small">
                  {p.kind === 'abc' && p.frequencies
                    ? `A ${p.frequencies.A} · B ${p.frequencies.B} · C ${p.frequencies.C}`
                    : (p.prefix ?? p.locations.join(', '))}
                </td>
                <td className="small">
                  {[
                    p.varianceThreshold.units !== null
                      ? t('inbound.counts.units', { n: p.varianceThreshold.units })
                      : null,
                    p.varianceThreshold.percent !== null ? `${p.varianceThreshold.percent} %` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </td>
                <td className="small">
                  {t('inbound.counts.taskCounts', {
                    open: p.tasks.open,
                    counted: p.tasks.counted,
                    done: p.tasks.done + p.tasks.approved,
                  })}
                </td>
                <td>{p.lastGeneratedAt ? dateTime(p.lastGeneratedAt) : '—'}</td>
                {canManage ? (
                  <td>
                    <Button
                      size="sm"
                      isLoading={generate.isPending && generate.variables === p.id}
                      onClick={() =>
                        generate.mutate(p.id, {
                          onSuccess: (r) =>
                            toast.success(
                              t('inbound.counts.generated', {
                                created: r.created,
                                pending: r.alreadyPending,
                              }),
                            ),
                        })
                      }
                      data-testid="generate-counts"
                    >
                      {t('inbound.counts.generate')}
                    </Button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isCreating ? <CreatePlanDialog warehouse={warehouse} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

function CreatePlanDialog({ warehouse, onClose }: { warehouse: string; onClose(): void }) {
  const { t } = useI18n();
  const create = useCreateCountPlan();
  const [kind, setKind] = useState<'location' | 'abc'>('location');
  const [name, setName] = useState('');
  const [prefix, setPrefix] = useState(`${warehouse}/`);
  const [isBlind, setBlind] = useState(true);
  const [units, setUnits] = useState('1');
  const [freq, setFreq] = useState({ A: '30', B: '90', C: '180' });
  const [isSubmitted, setSubmitted] = useState(false);
  const unitLimit = units.trim() === '' ? undefined : parseWhole(units, 0);
  const frequencies = {
    A: parseWhole(freq.A, 1, 3650),
    B: parseWhole(freq.B, 1, 3650),
    C: parseWhole(freq.C, 1, 3650),
  };
  const isValid =
    unitLimit !== null &&
    (kind === 'location' ? prefix.trim() !== '' : Object.values(frequencies).every((f) => f !== null));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!isValid) return;
    const body: CreateCountPlanBody = {
      warehouse,
      kind,
      blind: isBlind,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(kind === 'location'
        ? { prefix: prefix.trim() }
        : { frequencies: { A: frequencies.A!, B: frequencies.B!, C: frequencies.C! }, currency: 'EUR' }),
      ...(unitLimit !== undefined ? { varianceThreshold: { units: unitLimit } } : {}),
    };
    create.mutate(body, { onSuccess: onClose });
  };
  return (
    <Dialog
      title={t('inbound.counts.newPlan')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('inbound.counts.createPlan')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('inbound.counts.planName')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        isOptional
      />
      <RadioGroup<'location' | 'abc'>
        legend={t('inbound.counts.kind')}
        name="plan-kind"
        value={kind}
        onChange={setKind}
        options={(['location', 'abc'] as const).map((k) => ({
          value: k,
          label: t(`inbound.counts.kinds.${k}`),
        }))}
      />
      {kind === 'location' ? (
        <TextField
          label={t('inbound.counts.prefix')}
          hint={t('inbound.counts.prefixHint')}
          value={prefix}
          onChange={(e) => setPrefix(e.target.value)}
          error={isSubmitted && prefix.trim() === '' ? t('common.required') : null}
        />
      ) : (
        <div className="in-three">
          {(['A', 'B', 'C'] as const).map((c) => (
            <TextField
              key={c}
              label={t('inbound.counts.every', { cls: c })}
              inputMode="numeric"
              value={freq[c]}
              onChange={(e) => setFreq((f) => ({ ...f, [c]: e.target.value }))}
              error={isSubmitted && frequencies[c] === null ? t('inbound.counts.invalidQty') : null}
            />
          ))}
        </div>
      )}
      <TextField
        label={t('inbound.counts.thresholdUnits')}
        inputMode="numeric"
        value={units}
        onChange={(e) => setUnits(e.target.value)}
        error={isSubmitted && unitLimit === null ? t('inbound.counts.invalidQty') : null}
        isOptional
      />
      <CheckboxField
        label={t('inbound.counts.blindPlan')}
        checked={isBlind}
        onChange={(e) => setBlind(e.target.checked)}
      />
      <InlineError error={create.error} />
    </Dialog>
  );
}

/** Inventory record accuracy: counts, share without variance or within the limit, units and value off. */
export function AccuracyPage() {
  const { t, number, money } = useI18n();
  const { can } = useSession();
  const { warehouse } = useChosenWarehouse();
  const report = useAccuracy(warehouse, can('stock.read'));
  useDocumentTitle(t('inbound.counts.accuracy'));
  const pct = (v: number | null) => (v === null ? '—' : `${v} %`);
  return (
    <div>
      <Header title={t('inbound.counts.accuracy')} intro={t('inbound.counts.accuracyIntro')} />
      {report.isPending ? (
        <Loading />
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Table caption={t('inbound.counts.accuracy')}>
          <thead>
            <tr>
              <th>{t('inbound.counts.class')}</th>
              <th className="num">{t('inbound.counts.countsCol')}</th>
              <th className="num">{t('inbound.counts.exact')}</th>
              <th className="num">{t('inbound.counts.within')}</th>
              <th className="num">{t('inbound.counts.rejectedCol')}</th>
              <th className="num">{t('inbound.counts.netUnits')}</th>
              <th className="num">{t('inbound.counts.absValue')}</th>
            </tr>
          </thead>
          <tbody>
            {[...report.data.rows, { ...report.data.total, warehouse: '', abcClass: 'total' as const }].map(
              (r) => (
                <tr
                  key={`${r.warehouse}-${r.abcClass}`}
                  className={r.abcClass === 'total' ? 'strong' : undefined}
                >
                  <td>
                    {r.abcClass === 'total'
                      ? t('common.total')
                      : (r.abcClass ?? t('inbound.counts.unclassed'))}
                  </td>
                  <td className="num">{number(r.counts)}</td>
                  <td className="num">{pct(r.zeroVariancePercent)}</td>
                  <td className="num">{pct(r.withinThresholdPercent)}</td>
                  <td className="num">{number(r.rejected)}</td>
                  <td className="num">{signedQty(r.netUnitsVariance)}</td>
                  <td className="num">
                    {r.value.map((v) => money(v.absMinor, v.currency)).join(' · ') || '—'}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </Table>
      )}
    </div>
  );
}
