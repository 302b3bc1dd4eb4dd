import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  Table,
  TextField,
  useToast,
} from '../../ui';
import { useCancelWave, useWave, type Wave } from './api';
import { FloorStatus, ProgressBar } from './common';
import './warehouse.css';

/** One wave: its rules, its pick lists (to pick) and its shipments with their totes (to pack). */
export function WavePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const wave = useWave(id);
  useDocumentTitle(wave.data ? t('warehouse.waves.number', { number: wave.data.number }) : null);
  if (wave.isPending) return <Loading />;
  if (wave.isError) {
    const notFound = (wave.error as { status?: number }).status === 404;
    return (
      <div className="page">
        <BackLink />
        {notFound ? (
          <EmptyState title={t('errors.notFoundTitle')}>
            <p>{t('warehouse.wave.notFound')}</p>
          </EmptyState>
        ) : (
          <ErrorState error={wave.error} onRetry={() => void wave.refetch()} />
        )}
      </div>
    );
  }
  return <WaveView wave={wave.data} />;
}

function BackLink() {
  const { t } = useI18n();
  return (
    <Link to="/warehouse" className="back-link">
      ← {t('warehouse.wave.backToFloor')}
    </Link>
  );
}

const metres = (cm: number) => Math.round(cm / 10) / 10;

function WaveView({ wave }: { wave: Wave }) {
  const { t, dateTime, number } = useI18n();
  const { can } = useSession();
  const actor = useActorLabel();
  const [isCancelOpen, setCancelOpen] = useState(false);
  const rules = Object.entries(wave.rules).filter(([, v]) => v !== null && v !== undefined);
  // A wave can be cancelled while a shipment of it is still open or packed (the server says so otherwise).
  const canCancel =
    can('shipments.write') &&
    wave.status !== 'cancelled' &&
    wave.shipments.some((s) => s.status === 'open' || s.status === 'packed');
  return (
    <div className="page">
      <BackLink />
      <div className="page-header">
        <div>
          <h1>{t('warehouse.waves.number', { number: wave.number })}</h1>
          <div className="badges">
            <span data-testid="wave-status">
              <FloorStatus status={wave.status} />
            </span>
            <span className="muted small mono">{wave.id}</span>
          </div>
        </div>
        {canCancel ? (
          <div className="toolbar">
            <Button variant="danger" onClick={() => setCancelOpen(true)} data-testid="cancel-wave">
              {t('warehouse.wave.cancel')}
            </Button>
          </div>
        ) : null}
      </div>
      {isCancelOpen ? <CancelWaveDialog wave={wave} onClose={() => setCancelOpen(false)} /> : null}
      <section className="card">
        <dl className="facts">
          <div>
            <dt>{t('warehouse.warehouse')}</dt>
            <dd>{wave.warehouse}</dd>
          </div>
          <div>
            <dt>{t('warehouse.wave.released')}</dt>
            <dd>{dateTime(wave.createdAt)}</dd>
          </div>
          <div>
            <dt>{t('warehouse.wave.by')}</dt>
            <dd>
              {actor({ kind: wave.createdBy.startsWith('key_') ? 'api_key' : 'user', id: wave.createdBy })}
            </dd>
          </div>
          {wave.completedAt ? (
            <div>
              <dt>{t('warehouse.wave.completed')}</dt>
              <dd>{dateTime(wave.completedAt)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('warehouse.wave.orders')}</dt>
            <dd>{number(wave.orderCount)}</dd>
          </div>
          <div>
            <dt>{t('warehouse.wave.lines')}</dt>
            <dd>{number(wave.lineCount)}</dd>
          </div>
          <div>
            <dt>{t('warehouse.wave.rules')}</dt>
            <dd className="small mono">
              {rules.map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(' · ')}
            </dd>
          </div>
        </dl>
      </section>
      <section className="section" aria-labelledby="wave-lists">
        <h2 id="wave-lists">{t('warehouse.wave.pickLists')}</h2>
        <Table caption={t('warehouse.wave.pickLists')}>
          <thead>
            <tr>
              <th>{t('warehouse.wave.columns.list')}</th>
              <th>{t('warehouse.wave.columns.kind')}</th>
              <th>{t('warehouse.wave.columns.status')}</th>
              <th>{t('warehouse.wave.columns.progress')}</th>
              <th>{t('warehouse.wave.columns.path')}</th>
              <th>
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {wave.pickLists.map((l) => {
              const live = l.tasks.total - l.tasks.cancelled;
              const done = l.tasks.picked + l.tasks.short;
              return (
                <tr key={l.id}>
                  <td>{t('warehouse.wave.pickLabel', { number: l.number })}</td>
                  <td>{t(`warehouse.pickKind.${l.kind}`)}</td>
                  <td>
                    <FloorStatus status={l.status} />
                  </td>
                  <td>
                    <ProgressBar
                      done={done}
                      total={live}
                      label={t('warehouse.floor.tasksDone', { done, total: live })}
                    />
                  </td>
                  <td className="small">
                    {l.pathLengthCm !== null && l.naiveLengthCm !== null
                      ? t('warehouse.wave.pathVs', {
                          path: metres(l.pathLengthCm),
                          naive: metres(l.naiveLengthCm),
                        })
                      : '—'}
                  </td>
                  <td>
                    {l.status === 'open' || l.status === 'picking' ? (
                      <Link
                        className="btn btn-secondary btn-sm"
                        to={`/picking/${encodeURIComponent(l.id)}`}
                        aria-label={t('warehouse.wave.pickLabel', { number: l.number })}
                      >
                        {t('warehouse.wave.pick')}
                      </Link>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </section>
      <section className="section" aria-labelledby="wave-shipments">
        <h2 id="wave-shipments">{t('warehouse.wave.shipments')}</h2>
        <Table caption={t('warehouse.wave.shipments')}>
          <thead>
            <tr>
              <th>{t('warehouse.wave.columns.order')}</th>
              <th>{t('warehouse.wave.columns.tote')}</th>
              <th>{t('warehouse.wave.columns.status')}</th>
              <th>{t('warehouse.wave.columns.shipment')}</th>
              <th>
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {wave.shipments.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link to={`/orders/${encodeURIComponent(s.orderId)}`}>{s.orderRef}</Link>
                </td>
                <td className="mono">{s.tote ?? '—'}</td>
                <td>
                  <FloorStatus status={s.status} />
                </td>
                <td className="mono small">{s.id}</td>
                <td>
                  {s.status === 'open' || s.status === 'packed' ? (
                    <Link
                      className="btn btn-secondary btn-sm"
                      to={`/pack/${encodeURIComponent(s.id)}`}
                      aria-label={t('warehouse.wave.packLabel', { order: s.orderRef })}
                    >
                      {t('warehouse.wave.pack')}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </div>
  );
}

/** Cancel a wave released by mistake, with the reason recorded on each voided shipment. */
function CancelWaveDialog({ wave, onClose }: { wave: Wave; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const cancel = useCancelWave(wave.id);
  const [reason, setReason] = useState('');
  const [isSubmitted, setSubmitted] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (reason.trim() === '') return;
    cancel.mutate(reason.trim(), {
      onSuccess: (w) => {
        toast.success(t('warehouse.wave.cancelled', { number: w.number }));
        onClose();
      },
    });
  };
  return (
    <Dialog
      title={t('warehouse.wave.cancelTitle', { number: wave.number })}
      description={t('warehouse.wave.cancelHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={cancel.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={cancel.isPending}>
            {t('warehouse.wave.keep')}
          </Button>
          <Button
            type="submit"
            variant="danger"
            isLoading={cancel.isPending}
            data-testid="cancel-wave-submit"
          >
            {t('warehouse.wave.cancel')}
          </Button>
        </>
      }
    >
      <TextField
        label={t('warehouse.wave.reason')}
        value={reason}
        maxLength={200}
        onChange={(e) => setReason(e.target.value)}
        hint={t('warehouse.wave.reasonHint')}
        error={isSubmitted && reason.trim() === '' ? t('common.required') : null}
        data-testid="cancel-wave-reason"
      />
      <InlineError error={cancel.error} />
    </Dialog>
  );
}
