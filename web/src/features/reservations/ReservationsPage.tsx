import '../inventory/catalog.css';
import './reservations.css';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { newIdempotencyKey } from '../../api/idempotency';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDebounced } from '../../lib/use-debounced';
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
import { CodedError } from '../inventory/CodedError';
import {
  RESERVATION_STATUSES,
  type Reservation,
  type ReservationStatus,
  useCreateReservation,
  usePostReservation,
  useReservation,
  useReservations,
  useVoidReservation,
} from './api';

const TONES: Record<ReservationStatus, Tone> = {
  open: 'warning',
  posted: 'success',
  voided: 'neutral',
  expired: 'neutral',
};

/** A recorded actor ("user:usr_…", "system:demo", or a bare user id) as the label helper takes it. */
function actorOf(recorded: string): { kind: string; id: string } {
  const colon = recorded.indexOf(':');
  if (colon < 0) return { kind: 'user', id: recorded };
  const kind = recorded.slice(0, colon);
  return { kind, id: kind === 'system' ? recorded : recorded.slice(colon + 1) };
}

function ReservationBadge({ status }: { status: ReservationStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONES[status]}>{t(`account.reservations.status.${status}`)}</Badge>;
}

/** Two-phase holds on stock: the list, newest first, filtered by status and reference. */
export function ReservationsPage() {
  const { t, number, dateTime } = useI18n();
  const { can } = useSession();
  useDocumentTitle(t('account.reservations.title'));
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = RESERVATION_STATUSES.includes(raw as ReservationStatus) ? (raw as ReservationStatus) : null;
  const [reference, setReference] = useState('');
  const debounced = useDebounced(reference.trim(), 300);
  const reservations = useReservations(status, debounced);
  const [isCreating, setCreating] = useState(false);
  const navigate = useNavigate();

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('account.reservations.title')}</h1>
          <p className="muted">{t('account.reservations.intro')}</p>
        </div>
        {can('reservations.write') ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('account.reservations.new')}
          </Button>
        ) : null}
      </div>
      <div className="filters filters-inline">
        <SelectField
          label={t('account.reservations.filter')}
          name="status"
          value={status ?? 'all'}
          onChange={(e) =>
            setParams(
              (current) => {
                const next = new URLSearchParams(current);
                if (e.target.value === 'all') next.delete('status');
                else next.set('status', e.target.value);
                return next;
              },
              { replace: true },
            )
          }
        >
          <option value="all">{t('account.reservations.all')}</option>
          {RESERVATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`account.reservations.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('account.reservations.search')}
          name="reference"
          type="search"
          value={reference}
          maxLength={200}
          onChange={(e) => setReference(e.target.value)}
        />
      </div>
      {reservations.isPending ? (
        <Loading />
      ) : reservations.isError ? (
        <ErrorState error={reservations.error} onRetry={() => void reservations.refetch()} />
      ) : reservations.data.items.length === 0 ? (
        <EmptyState title={t('account.reservations.empty')} />
      ) : (
        <Table caption={t('account.reservations.title')} className="reservations-table">
          <thead>
            <tr>
              <th scope="col">{t('account.reservations.columns.created')}</th>
              <th scope="col">{t('account.reservations.columns.reference')}</th>
              <th scope="col" className="num">
                {t('account.reservations.columns.lines')}
              </th>
              <th scope="col" className="num">
                {t('account.reservations.columns.units')}
              </th>
              <th scope="col">{t('account.reservations.columns.status')}</th>
              <th scope="col">{t('account.reservations.columns.expires')}</th>
            </tr>
          </thead>
          <tbody>
            {reservations.data.items.map((r) => (
              <tr key={r.id} data-reservation={r.id} data-status={r.status}>
                <td className="small">
                  <time dateTime={r.createdAt}>{dateTime(r.createdAt)}</time>
                </td>
                <td>
                  <Link to={`/reservations/${encodeURIComponent(r.id)}`} className="mono">
                    {r.reference}
                  </Link>
                </td>
                <td className="num">{number(r.lines.length)}</td>
                <td className="num">{number(r.lines.reduce((sum, l) => sum + l.qty, 0))}</td>
                <td>
                  <ReservationBadge status={r.status} />
                </td>
                <td className="small">
                  {r.expiresAt ? <time dateTime={r.expiresAt}>{dateTime(r.expiresAt)}</time> : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isCreating ? (
        <CreateReservationDialog
          onClose={() => setCreating(false)}
          onCreated={(r) => navigate(`/reservations/${encodeURIComponent(r.id)}`)}
        />
      ) : null}
    </div>
  );
}

/** One reservation: its lines with what was posted, and the post / void actions while it is open. */
export function ReservationPage() {
  const { id = '' } = useParams();
  const { t, number, dateTime } = useI18n();
  const { can } = useSession();
  const actorLabel = useActorLabel();
  const reservation = useReservation(id);
  const [action, setAction] = useState<'post' | 'void' | null>(null);
  useDocumentTitle(
    reservation.data
      ? t('account.reservations.detailTitle', { reference: reservation.data.reference })
      : t('account.reservations.title'),
  );
  if (reservation.isPending) return <Loading />;
  if (reservation.isError)
    return (
      <div className="page">
        <ErrorState error={reservation.error} onRetry={() => void reservation.refetch()} />
      </div>
    );
  const r = reservation.data;
  const isOpen = r.status === 'open';
  return (
    <div className="page" data-reservation={r.id} data-status={r.status}>
      <p>
        <Link to="/reservations">← {t('account.reservations.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>
            {t('account.reservations.detailTitle', { reference: r.reference })}{' '}
            <ReservationBadge status={r.status} />
          </h1>
          <p className="muted small">
            {t('account.reservations.createdBy', {
              when: dateTime(r.createdAt),
              who: actorLabel(actorOf(r.createdBy)),
            })}
            {' · '}
            {r.expiresAt
              ? `${t('account.reservations.expiresAt')} ${dateTime(r.expiresAt)}`
              : t('account.reservations.noExpiry')}
            {r.endedAt ? (
              <span className="block">
                {t('account.reservations.endedBy', {
                  when: dateTime(r.endedAt),
                  who: r.endedBy ? actorLabel(actorOf(r.endedBy)) : '—',
                })}
              </span>
            ) : null}
          </p>
        </div>
        {isOpen ? (
          <div className="reservation-actions">
            {can('reservations.post') ? (
              <Button variant="primary" onClick={() => setAction('post')}>
                {t('account.reservations.post')}
              </Button>
            ) : null}
            {can('reservations.write') ? (
              <Button variant="danger" onClick={() => setAction('void')}>
                {t('account.reservations.void')}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      <Table caption={t('account.reservations.lines')} className="reservation-lines">
        <thead>
          <tr>
            <th scope="col">{t('account.reservations.sku')}</th>
            <th scope="col">{t('account.reservations.location')}</th>
            <th scope="col" className="num">
              {t('account.reservations.qty')}
            </th>
            <th scope="col" className="num">
              {t('account.reservations.postedQty')}
            </th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((line) => (
            <tr key={`${line.sku}@${line.location}`} data-sku={line.sku} data-location={line.location}>
              <td>
                <Link to={`/skus/${encodeURIComponent(line.sku)}`} className="mono">
                  {line.sku}
                </Link>
              </td>
              <td className="mono small">{line.location}</td>
              <td className="num">{number(line.qty)}</td>
              <td className="num" data-testid="posted-qty">
                {number(line.postedQty)}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {action === 'post' ? <PostReservationDialog reservation={r} onClose={() => setAction(null)} /> : null}
      {action === 'void' ? <VoidReservationDialog reservation={r} onClose={() => setAction(null)} /> : null}
    </div>
  );
}

interface DraftLine {
  sku: string;
  location: string;
  qty: string;
}

function CreateReservationDialog({
  onClose,
  onCreated,
}: {
  onClose(): void;
  onCreated(reservation: Reservation): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const create = useCreateReservation();
  const [key] = useState(newIdempotencyKey);
  const [reference, setReference] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [lines, setLines] = useState<DraftLine[]>([{ sku: '', location: '', qty: '1' }]);
  const [touched, setTouched] = useState(false);
  const parsed = lines.map((l) => ({ sku: l.sku.trim(), location: l.location.trim(), qty: Number(l.qty) }));
  const linesBad = parsed.some((l) => !l.sku || !l.location || !Number.isInteger(l.qty) || l.qty < 1);
  const referenceBad = reference.trim() === '';
  const setLine = (i: number, patch: Partial<DraftLine>) =>
    setLines((all) => all.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const submit = () => {
    setTouched(true);
    if (linesBad || referenceBad) return;
    create.mutate(
      {
        key,
        body: {
          reference: reference.trim(),
          lines: parsed,
          ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
        },
      },
      {
        onSuccess: (r) => {
          toast.success(t('account.reservations.created', { reference: r.reference }));
          onClose();
          onCreated(r);
        },
      },
    );
  };

  return (
    <Dialog
      title={t('account.reservations.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={create.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('account.reservations.new')}
          </Button>
        </>
      }
    >
      <div className="form">
        <TextField
          label={t('account.reservations.reference')}
          name="reference"
          value={reference}
          maxLength={200}
          onChange={(e) => setReference(e.target.value)}
          error={touched && referenceBad ? t('account.reservations.referenceRequired') : null}
        />
        <TextField
          label={t('account.reservations.expiresAt')}
          name="expiresAt"
          type="datetime-local"
          value={expiresAt}
          onChange={(e) => setExpiresAt(e.target.value)}
          isOptional
        />
        <fieldset className="reservation-draft-lines">
          <legend>{t('account.reservations.lines')}</legend>
          {lines.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: draft lines have no identity but their place.
            <div key={i} className="reservation-line" data-line={i}>
              <TextField
                label={t('account.reservations.sku')}
                name={`lines.${i}.sku`}
                value={line.sku}
                maxLength={64}
                onChange={(e) => setLine(i, { sku: e.target.value })}
              />
              <TextField
                label={t('account.reservations.location')}
                name={`lines.${i}.location`}
                value={line.location}
                maxLength={64}
                onChange={(e) => setLine(i, { location: e.target.value })}
              />
              <TextField
                label={t('account.reservations.qty')}
                name={`lines.${i}.qty`}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                value={line.qty}
                onChange={(e) => setLine(i, { qty: e.target.value })}
              />
              {lines.length > 1 ? (
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => setLines((all) => all.filter((_, j) => j !== i))}
                  aria-label={t('account.reservations.removeLine', { n: i + 1 })}
                >
                  ×
                </Button>
              ) : null}
            </div>
          ))}
          <Button size="sm" onClick={() => setLines((all) => [...all, { sku: '', location: '', qty: '1' }])}>
            {t('account.reservations.addLine')}
          </Button>
          {touched && linesBad ? (
            <p className="field-error" role="alert">
              {t('account.reservations.lineProblem')}
            </p>
          ) : null}
        </fieldset>
        <CodedError error={create.error} />
      </div>
    </Dialog>
  );
}

function PostReservationDialog({ reservation, onClose }: { reservation: Reservation; onClose(): void }) {
  const { t, number } = useI18n();
  const toast = useToast();
  const post = usePostReservation();
  const [key] = useState(newIdempotencyKey);
  const [qtys, setQtys] = useState(() => reservation.lines.map((l) => String(l.qty)));
  const [touched, setTouched] = useState(false);
  const parsed = qtys.map(Number);
  const bad =
    parsed.some((q, i) => !Number.isInteger(q) || q < 0 || q > (reservation.lines[i]?.qty ?? 0)) ||
    parsed.every((q) => q === 0);
  const isAll = parsed.every((q, i) => q === reservation.lines[i]?.qty);

  const submit = () => {
    setTouched(true);
    if (bad) return;
    const lines = reservation.lines
      .map((l, i) => ({ sku: l.sku, location: l.location, qty: parsed[i] ?? 0 }))
      .filter((l) => l.qty > 0);
    post.mutate(
      { id: reservation.id, key, body: isAll ? {} : { lines } },
      {
        onSuccess: () => {
          toast.success(t('account.reservations.posted', { reference: reservation.reference }));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('account.reservations.postTitle', { reference: reservation.reference })}
      description={t('account.reservations.postHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={post.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={post.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={post.isPending}>
            {isAll ? t('account.reservations.postAll') : t('account.reservations.postSome')}
          </Button>
        </>
      }
    >
      <div className="form">
        {reservation.lines.map((line, i) => (
          <TextField
            key={`${line.sku}@${line.location}`}
            label={t('account.reservations.postQtyLabel', { sku: line.sku, location: line.location })}
            name={`post.${i}`}
            type="number"
            inputMode="numeric"
            min={0}
            max={line.qty}
            step={1}
            value={qtys[i] ?? ''}
            hint={`0 – ${number(line.qty)}`}
            onChange={(e) => setQtys((all) => all.map((q, j) => (j === i ? e.target.value : q)))}
          />
        ))}
        {touched && bad ? (
          <p className="field-error" role="alert">
            {t('account.reservations.postProblem')}
          </p>
        ) : null}
        <CodedError error={post.error} />
      </div>
    </Dialog>
  );
}

function VoidReservationDialog({ reservation, onClose }: { reservation: Reservation; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const voiding = useVoidReservation();
  const [key] = useState(newIdempotencyKey);
  const submit = () =>
    voiding.mutate(
      { id: reservation.id, key },
      {
        onSuccess: () => {
          toast.success(t('account.reservations.voided', { reference: reservation.reference }));
          onClose();
        },
      },
    );
  return (
    <Dialog
      title={t('account.reservations.voidTitle', { reference: reservation.reference })}
      description={t('account.reservations.voidHint')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={voiding.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={voiding.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="danger" isLoading={voiding.isPending}>
            {t('account.reservations.void')}
          </Button>
        </>
      }
    >
      <CodedError error={voiding.error} />
    </Dialog>
  );
}
