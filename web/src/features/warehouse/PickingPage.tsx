import { type FormEvent, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  TextField,
  useErrorMessage,
} from '../../ui';
import {
  findPickListByNumber,
  type PickList,
  type PickTask,
  type ShortOutcome,
  useConfirmPick,
  useOpenPickLists,
  usePickList,
} from './api';
import { FloorStatus, ProgressBar, useChosenWarehouse } from './common';
import { type Feedback, ScanFeedback, ScanInput, type ScanInputHandle } from './ScanInput';
import {
  cleanScan,
  matchesBin,
  matchesItem,
  nextOpenTask,
  pickListRef,
  pickProgress,
  shortBin,
} from './scan';
import './warehouse.css';

/** The picker's start: the lists waiting to be picked, or one opened by scanning or typing its number. */
export function PickingHome() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useSession().me;
  const { warehouse } = useChosenWarehouse();
  const scope = me?.warehouses === null ? null : warehouse || null;
  const lists = useOpenPickLists(scope);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  useDocumentTitle(t('warehouse.picking.title'));

  const open = async (raw: string) => {
    const ref = pickListRef(raw);
    const notFound = () =>
      setFeedback({ tone: 'error', text: t('warehouse.picking.notFoundList', { ref: cleanScan(raw) }) });
    if (!ref) return notFound();
    if ('id' in ref) return navigate(`/picking/${encodeURIComponent(ref.id)}`);
    const known = lists.data?.find((l) => l.number === ref.number);
    const id = known?.id ?? (await findPickListByNumber(scope, ref.number).catch(() => null));
    if (!id) return notFound();
    navigate(`/picking/${encodeURIComponent(id)}`);
  };

  return (
    <div className="page scan-page">
      <div className="page-header">
        <div>
          <h1>{t('warehouse.picking.title')}</h1>
          <p className="muted">{t('warehouse.picking.intro')}</p>
        </div>
      </div>
      <ScanInput
        label={t('warehouse.picking.openList')}
        submitLabel={t('warehouse.picking.openSubmit')}
        testId="pick-list-input"
        onScan={(code) => void open(code)}
      />
      <ScanFeedback feedback={feedback} />
      <section className="section" aria-labelledby="open-lists">
        <h2 id="open-lists">{t('warehouse.picking.openLists')}</h2>
        {lists.isPending ? (
          <Loading />
        ) : lists.isError ? (
          <ErrorState error={lists.error} onRetry={() => void lists.refetch()} />
        ) : lists.data.length === 0 ? (
          <EmptyState title={t('warehouse.picking.noOpenLists')} />
        ) : (
          <ul className="pick-list-cards">
            {lists.data.map((l) => {
              const live = l.tasks.total - l.tasks.cancelled;
              const done = l.tasks.picked + l.tasks.short;
              return (
                <li key={l.id}>
                  <Link to={`/picking/${encodeURIComponent(l.id)}`} className="card pick-list-card">
                    <span className="pick-list-card-title">
                      {t('warehouse.picking.listTitle', { number: l.number })}
                    </span>
                    <span className="badges">
                      <FloorStatus status={l.status} />
                      <span className="muted small">
                        {t(`warehouse.pickKind.${l.kind}`)} · {l.warehouse}
                        {l.waveNumber !== null
                          ? ` · ${t('warehouse.waves.number', { number: l.waveNumber })}`
                          : ''}
                      </span>
                    </span>
                    <ProgressBar
                      done={done}
                      total={live}
                      label={t('warehouse.floor.tasksDone', { done, total: live })}
                    />
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

/** One pick list, task by task in walking order: scan the bin, scan the item, next. */
export function PickListPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const list = usePickList(id);
  useDocumentTitle(list.data ? t('warehouse.picking.listTitle', { number: list.data.number }) : null);
  if (list.isPending) return <Loading />;
  if (list.isError) {
    const notFound = (list.error as { status?: number }).status === 404;
    return (
      <div className="page scan-page">
        <BackToLists />
        {notFound ? (
          <EmptyState title={t('errors.notFoundTitle')}>
            <p>{t('warehouse.picking.notFound')}</p>
          </EmptyState>
        ) : (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        )}
      </div>
    );
  }
  return <PickListScreen list={list.data} />;
}

function BackToLists() {
  const { t } = useI18n();
  return (
    <Link to="/picking" className="back-link">
      ← {t('warehouse.picking.backToLists')}
    </Link>
  );
}

function PickListScreen({ list }: { list: PickList }) {
  const { t } = useI18n();
  const errorText = useErrorMessage();
  const { can } = useSession();
  const confirm = useConfirmPick(list.id);
  const scanner = useRef<ScanInputHandle>(null);
  const [lastSeq, setLastSeq] = useState<number | null>(null);
  /** The task whose bin was scanned, with the label as scanned (sent to the server with the item). */
  const [atBin, setAtBin] = useState<{ taskId: string; scanned: string } | null>(null);
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [short, setShort] = useState<{ outcome: ShortOutcome; bin: string } | null>(null);
  const [isShortOpen, setShortOpen] = useState(false);

  const task = useMemo(() => nextOpenTask(list.items, lastSeq), [list.items, lastSeq]);
  const progress = pickProgress(list.items);
  const step = task && atBin?.taskId === task.id ? 'item' : 'bin';
  const canPick = can('shipments.write');

  const confirmed = (done: PickTask, outcome: ShortOutcome | null) => {
    setLastSeq(done.seq);
    setAtBin(null);
    if (outcome) {
      // The short pick's notice below says what happened; the feedback line is left for the next scan.
      setShort({ outcome, bin: done.bin });
      setFeedback(null);
    } else {
      setShort(null);
      setFeedback({
        tone: 'success',
        text: done.tote
          ? t('warehouse.picking.picked', { qty: done.qtyPicked, sku: done.sku, tote: done.tote })
          : t('warehouse.picking.pickedNoTote', { qty: done.qtyPicked, sku: done.sku }),
      });
    }
  };

  const refused = (e: unknown) => {
    setFeedback({ tone: 'error', text: errorText(e), code: e instanceof ApiError ? e.code : undefined });
    // Someone else confirmed it meanwhile: the refreshed list moves on to the next task.
    if (e instanceof ApiError && e.code === 'pick_task_not_open') setAtBin(null);
  };

  const onScan = (raw: string) => {
    if (!task || confirm.isPending) return;
    const code = cleanScan(raw);
    if (step === 'bin') {
      if (matchesBin(code, task.bin)) {
        setAtBin({ taskId: task.id, scanned: code });
        setFeedback({ tone: 'info', text: t('warehouse.picking.binOk', { bin: shortBin(task.bin) }) });
      } else {
        setFeedback({
          tone: 'error',
          code: 'wrong_bin',
          text: t('warehouse.picking.wrongBinLocal', { scanned: code, bin: shortBin(task.bin) }),
        });
      }
      return;
    }
    // The screen says at once when the item looks wrong; the server decides, and records the mistake.
    if (!matchesItem(code, { code: task.sku, gtin: task.gtin })) {
      setFeedback({
        tone: 'warning',
        text: t('warehouse.picking.wrongItemLocal', { scanned: code, sku: task.sku }),
      });
    }
    confirm.mutate(
      { taskId: task.id, body: { bin: atBin!.scanned, item: code } },
      { onSuccess: (r) => confirmed(r.task, r.short), onError: refused },
    );
  };

  const recordShort = (found: number) => {
    if (!task || !atBin) return;
    confirm.mutate(
      { taskId: task.id, body: { bin: atBin.scanned, item: task.sku, qty: found } },
      {
        onSuccess: (r) => {
          setShortOpen(false);
          confirmed(r.task, r.short);
          scanner.current?.focus();
        },
      },
    );
  };

  const putBack = list.items.filter((i) => i.qtyPutBack > 0);
  const header = (
    <>
      <BackToLists />
      <div className="pick-header">
        <div>
          <h1>{t('warehouse.picking.listTitle', { number: list.number })}</h1>
          <div className="badges">
            <FloorStatus status={list.status} />
            {list.waveId ? (
              <Link to={`/warehouse/waves/${encodeURIComponent(list.waveId)}`} className="small">
                {t('warehouse.waves.number', { number: list.waveNumber ?? 0 })}
              </Link>
            ) : null}
          </div>
        </div>
        <div className="pick-progress" data-testid="pick-progress">
          <span className="pick-progress-figure">
            {t('warehouse.picking.progress', { done: progress.done, total: progress.total })}
          </span>
          <ProgressBar
            done={progress.done}
            total={progress.total}
            label={t('warehouse.picking.progressLabel')}
          />
        </div>
      </div>
    </>
  );

  if (!task) {
    const shipments = [
      ...new Map(
        list.items
          .filter((i) => i.status !== 'cancelled')
          .map((i) => [i.shipmentId, { id: i.shipmentId, orderRef: i.orderRef, tote: i.tote }]),
      ).values(),
    ];
    return (
      <div className="page scan-page">
        {header}
        <ScanFeedback feedback={feedback} />
        {short ? <ShortNotice short={short} /> : null}
        <section className="card pick-done" data-testid="pick-done">
          <h2>{t('warehouse.picking.done')}</h2>
          <p>{t('warehouse.picking.doneHint')}</p>
          {putBack.map((i) => (
            <p key={i.id} className="notice notice-warning">
              {shortBin(i.bin)} · {i.sku}: {t('warehouse.picking.putBack', { count: i.qtyPutBack })}
            </p>
          ))}
          <div className="toolbar">
            <Link className="btn btn-primary btn-touch" to="/pack">
              {t('warehouse.nav.packing')}
            </Link>
          </div>
          <h3>{t('warehouse.picking.packShipments')}</h3>
          <ul className="pick-done-shipments">
            {shipments.map((s) => (
              <li key={s.id}>
                <Link
                  to={`/pack/${encodeURIComponent(s.id)}`}
                  className="btn btn-secondary"
                  data-testid="pack-link"
                >
                  {s.tote ? `${s.tote} · ` : ''}
                  {s.orderRef}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    );
  }

  return (
    <div className="page scan-page">
      {header}
      <section className="card pick-task" data-testid="pick-task" aria-labelledby="pick-task-bin">
        <div className={`pick-field pick-bin${step === 'item' ? ' is-done' : ''}`}>
          <span className="pick-field-label">{t('warehouse.picking.bin')}</span>
          <span className="pick-field-value" id="pick-task-bin" data-testid="task-bin">
            {shortBin(task.bin)}
          </span>
          {task.aisle ? <span className="muted small">{task.aisle}</span> : null}
        </div>
        <div className="pick-field pick-item">
          <span className="pick-field-label">{t('warehouse.picking.item')}</span>
          <span className="pick-field-value pick-sku" data-testid="task-sku">
            {task.sku}
          </span>
          <span className="pick-name">{task.skuName}</span>
          {task.gtin ? <span className="muted small mono">{task.gtin}</span> : null}
        </div>
        <div className="pick-row">
          <div className="pick-field">
            <span className="pick-field-label">{t('warehouse.picking.qty')}</span>
            <span className="pick-field-value pick-qty" data-testid="task-qty">
              {task.qty}
            </span>
          </div>
          <div className="pick-field">
            <span className="pick-field-label">{t('warehouse.picking.tote')}</span>
            <span className="pick-field-value" data-testid="task-tote">
              {task.tote ?? '—'}
            </span>
          </div>
          <div className="pick-field">
            <span className="pick-field-label">{t('warehouse.picking.order')}</span>
            <span className="pick-order">{task.orderRef}</span>
          </div>
        </div>
      </section>
      {canPick ? (
        <>
          <ScanInput
            ref={scanner}
            label={step === 'bin' ? t('warehouse.picking.scanBin') : t('warehouse.picking.scanItem')}
            submitLabel={t('common.confirm')}
            isBusy={confirm.isPending}
            testId="scan-input"
            onScan={onScan}
          />
          <ScanFeedback feedback={feedback} />
          {short ? <ShortNotice short={short} /> : null}
          <div className="pick-actions">
            <Button
              variant="secondary"
              className="btn-touch"
              onClick={() => setShortOpen(true)}
              disabled={step !== 'item' || confirm.isPending}
              title={step !== 'item' ? t('warehouse.picking.scanBin') : undefined}
            >
              {t('warehouse.picking.short')}
            </Button>
            {step === 'item' ? (
              <Button
                variant="ghost"
                className="btn-touch"
                onClick={() => {
                  setAtBin(null);
                  setFeedback(null);
                  scanner.current?.focus();
                }}
              >
                {t('warehouse.picking.skipBin')}
              </Button>
            ) : null}
          </div>
        </>
      ) : null}
      <details className="pick-upcoming">
        <summary>{t('warehouse.picking.progress', { done: progress.done, total: progress.total })}</summary>
        <ol>
          {[...list.items]
            .sort((a, b) => a.seq - b.seq)
            .map((i) => (
              <li key={i.id} className={i.id === task.id ? 'strong' : undefined}>
                {shortBin(i.bin)} · {i.sku} × {i.qty} {i.tote ? `→ ${i.tote}` : ''}{' '}
                <FloorStatus status={i.status} />
              </li>
            ))}
        </ol>
      </details>
      {isShortOpen ? (
        <ShortDialog
          task={task}
          isBusy={confirm.isPending}
          error={confirm.error}
          onClose={() => {
            setShortOpen(false);
            scanner.current?.focus();
          }}
          onSubmit={recordShort}
        />
      ) : null}
    </div>
  );
}

function ShortNotice({ short }: { short: { outcome: ShortOutcome; bin: string } }) {
  const { t, label } = useI18n();
  const { outcome } = short;
  return (
    <div className="notice notice-warning" data-testid="short-outcome">
      <p className="strong">
        {t('warehouse.picking.shortOutcome', { missing: outcome.missing, bin: shortBin(short.bin) })}
      </p>
      <ul>
        {outcome.replacements.length > 0 ? (
          <li>
            {t('warehouse.picking.replacements', {
              list: outcome.replacements.map((r) => `${shortBin(r.bin)} × ${r.qty}`).join(', '),
            })}
          </li>
        ) : null}
        {outcome.removedFromShipment > 0 ? (
          <li>
            {t('warehouse.picking.removed', {
              count: outcome.removedFromShipment,
              status: label('status', outcome.orderStatus),
            })}
          </li>
        ) : null}
        <li>{t('warehouse.picking.countTask')}</li>
        {outcome.shipmentVoided ? <li>{t('warehouse.picking.shipmentVoided')}</li> : null}
      </ul>
    </div>
  );
}

function ShortDialog({
  task,
  isBusy,
  error,
  onClose,
  onSubmit,
}: {
  task: PickTask;
  isBusy: boolean;
  error: unknown;
  onClose(): void;
  onSubmit(found: number): void;
}) {
  const { t } = useI18n();
  const [found, setFound] = useState('0');
  const n = Number(found);
  const isValid = found.trim() !== '' && Number.isInteger(n) && n >= 0 && n < task.qty;
  const [isSubmitted, setSubmitted] = useState(false);
  return (
    <Dialog
      title={t('warehouse.picking.shortTitle', { bin: shortBin(task.bin) })}
      description={t('warehouse.picking.shortHint', { qty: task.qty, sku: task.sku })}
      onClose={onClose}
      isBusy={isBusy}
      onSubmit={(_e: FormEvent) => {
        setSubmitted(true);
        if (isValid) onSubmit(n);
      }}
      footer={
        <>
          <Button onClick={onClose} disabled={isBusy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={isBusy}>
            {t('warehouse.picking.shortSubmit')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('warehouse.picking.shortFound')}
        inputMode="numeric"
        value={found}
        onChange={(e) => setFound(e.target.value)}
        error={isSubmitted && !isValid ? t('warehouse.picking.shortInvalid', { max: task.qty - 1 }) : null}
        data-testid="short-found"
      />
      <InlineError error={error} />
    </Dialog>
  );
}
