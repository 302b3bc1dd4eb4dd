import { useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/errors';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, EmptyState, ErrorState, InlineError, Loading, useErrorMessage, useToast } from '../../ui';
import { ProgressBar, useChosenWarehouse, WarehouseSelect } from '../warehouse/common';
import { type Feedback, ScanFeedback, ScanInput, type ScanInputHandle } from '../warehouse/ScanInput';
import { cleanScan, matchesBin, shortBin } from '../warehouse/scan';
import '../warehouse/warehouse.css';
import {
  type PutawayPlan,
  type PutawayTask,
  useConfirmPutaway,
  useOpenPutawayTasks,
  usePlanPutaway,
} from './api';

/**
 * Put-away, scan-first: plan tasks for what waits on the warehouse's docks, then one task at a time (the SKU,
 * how many, from which dock, the suggested bin, big) → scan the destination bin → confirmed → next.
 */
export function PutawayPage() {
  const { t, plural } = useI18n();
  const { can } = useSession();
  const toast = useToast();
  const errorText = useErrorMessage();
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  const tasks = useOpenPutawayTasks(warehouse);
  const plan = usePlanPutaway();
  const confirm = useConfirmPutaway();
  const scanner = useRef<ScanInputHandle>(null);
  const [skipped, setSkipped] = useState<readonly string[]>([]);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [planned, setPlanned] = useState<PutawayPlan | null>(null);
  const [doneCount, setDoneCount] = useState(0);
  useDocumentTitle(t('inbound.putaway.title'));
  const canMove = can('stock.transfer');

  const queue = useMemo(() => {
    const open = [...(tasks.data ?? [])].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    );
    return [...open.filter((x) => !skipped.includes(x.id)), ...open.filter((x) => skipped.includes(x.id))];
  }, [tasks.data, skipped]);
  const task = queue[0] ?? null;

  const runPlan = () =>
    plan.mutate(
      { warehouse },
      {
        onSuccess: (r) => {
          setPlanned(r);
          toast.success(plural('inbound.putaway.planned', r.tasks.length));
          scanner.current?.focus();
        },
      },
    );

  const onScan = (raw: string) => {
    if (!task || confirm.isPending) return;
    const code = cleanScan(raw);
    if (!matchesBin(code, task.suggestedBin)) {
      // Another bin may still be right (the server decides: same zone, room left); say so, then ask.
      setFeedback({
        tone: 'warning',
        text: t('inbound.putaway.otherBin', { scanned: code, bin: shortBin(task.suggestedBin) }),
      });
    }
    const bin = code.includes('/') ? code : `${task.warehouse}/${code}`;
    confirm.mutate(
      { id: task.id, bin },
      {
        onSuccess: (r) => {
          setDoneCount((n) => n + 1);
          setFeedback({
            tone: 'success',
            text: t('inbound.putaway.confirmed', {
              qty: r.task.qty,
              sku: r.task.sku,
              bin: shortBin(r.task.to ?? bin),
            }),
          });
        },
        onError: (e) =>
          setFeedback({
            tone: 'error',
            text: errorText(e),
            code: e instanceof ApiError ? e.code : undefined,
          }),
      },
    );
  };

  return (
    <div className="scan-page">
      <div className="page-header">
        <div>
          <h1>{t('inbound.putaway.title')}</h1>
          <p className="muted">{t('inbound.putaway.intro')}</p>
        </div>
        <div className="toolbar">
          <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
          {canMove ? (
            <Button
              variant="primary"
              onClick={runPlan}
              isLoading={plan.isPending}
              disabled={warehouse === ''}
              data-testid="plan-putaway"
            >
              {t('inbound.putaway.plan')}
            </Button>
          ) : null}
        </div>
      </div>
      <InlineError error={plan.error} />
      {planned && planned.unplaced.length > 0 ? (
        <div className="notice notice-warning" data-testid="putaway-unplaced">
          <p className="strong">{t('inbound.putaway.unplaced')}</p>
          <ul>
            {planned.unplaced.map((u) => (
              <li key={`${u.sku}-${u.location}`}>
                {u.sku} × {u.qty} · {u.location}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ErrorState error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : !task ? (
        <>
          <ScanFeedback feedback={feedback} />
          <EmptyState title={doneCount > 0 ? t('inbound.putaway.allDone') : t('inbound.putaway.none')}>
            <p>{t('inbound.putaway.noneHint')}</p>
          </EmptyState>
        </>
      ) : (
        <>
          <div className="pick-progress" data-testid="putaway-progress">
            <span className="pick-progress-figure">{plural('inbound.putaway.left', queue.length)}</span>
            <ProgressBar
              done={doneCount}
              total={doneCount + queue.length}
              label={t('inbound.putaway.progress')}
            />
          </div>
          <TaskCard task={task} />
          {canMove ? (
            <>
              <ScanInput
                ref={scanner}
                label={t('inbound.putaway.scanBin')}
                submitLabel={t('common.confirm')}
                isBusy={confirm.isPending}
                testId="putaway-scan"
                onScan={onScan}
              />
              <ScanFeedback feedback={feedback} />
              {queue.length > 1 ? (
                <div className="pick-actions">
                  <Button
                    variant="ghost"
                    className="btn-touch"
                    onClick={() => {
                      setSkipped((all) => [...all.filter((x) => x !== task.id), task.id]);
                      setFeedback(null);
                      scanner.current?.focus();
                    }}
                  >
                    {t('inbound.putaway.skip')}
                  </Button>
                </div>
              ) : null}
            </>
          ) : null}
          <details className="pick-upcoming">
            <summary>{plural('inbound.putaway.left', queue.length)}</summary>
            <ol>
              {queue.map((x) => (
                <li key={x.id} className={x.id === task.id ? 'strong' : undefined}>
                  {x.sku} × {x.qty} · {shortBin(x.from)} → {shortBin(x.suggestedBin)}
                </li>
              ))}
            </ol>
          </details>
        </>
      )}
      <p className="small toolbar">
        <Link to="/inbound/receiving">{t('inbound.putaway.backToReceiving')}</Link>
        <Link to="/inbound/putaway/setup" data-testid="putaway-setup">
          {t('inbound.putaway.setup')}
        </Link>
      </p>
    </div>
  );
}

function TaskCard({ task }: { task: PutawayTask }) {
  const { t } = useI18n();
  return (
    <section
      className="card pick-task"
      data-testid="putaway-task"
      data-task={task.id}
      aria-labelledby="putaway-bin"
    >
      <div className="pick-field pick-item">
        <span className="pick-field-label">{t('inbound.columns.sku')}</span>
        <span className="pick-field-value pick-sku" data-testid="putaway-sku">
          <Link to={`/skus/${encodeURIComponent(task.sku)}`}>{task.sku}</Link>
        </span>
      </div>
      <div className="pick-row">
        <div className="pick-field">
          <span className="pick-field-label">{t('inbound.columns.qty')}</span>
          <span className="pick-field-value pick-qty" data-testid="putaway-qty">
            {task.qty}
          </span>
        </div>
        <div className="pick-field">
          <span className="pick-field-label">{t('inbound.putaway.from')}</span>
          <span className="pick-field-value" data-testid="putaway-from">
            {shortBin(task.from)}
          </span>
        </div>
      </div>
      <div className="pick-field pick-bin">
        <span className="pick-field-label">{t('inbound.putaway.to')}</span>
        <span className="pick-field-value" id="putaway-bin" data-testid="putaway-bin">
          {shortBin(task.suggestedBin)}
        </span>
      </div>
    </section>
  );
}
