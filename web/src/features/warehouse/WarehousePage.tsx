import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useChannels } from '../../api/queries';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useActorLabel } from '../../lib/use-actor-label';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  Button,
  CheckboxField,
  EmptyState,
  ErrorState,
  InlineError,
  Loading,
  RadioGroup,
  StatusBadge,
  Table,
  TextField,
  useToast,
} from '../../ui';
import {
  type CreateWaveBody,
  useCountTasks,
  useCreateWave,
  useWarehouseReport,
  useWaves,
  type WarehouseReport,
  type Wave,
} from './api';
import { FloorStatus, ProgressBar, useChosenWarehouse, WarehouseSelect } from './common';
import './warehouse.css';

const PERIODS = [8, 24, 72] as const;

/**
 * The warehouse floor: what is left to ship and how picking goes (refreshed while on screen), the form that
 * releases a wave, and the waves released at the warehouse.
 */
export function WarehousePage() {
  const { t, plural } = useI18n();
  const { can } = useSession();
  const { warehouse, options, setWarehouse } = useChosenWarehouse();
  const [hours, setHours] = useState<number>(24);
  useDocumentTitle(t('warehouse.floor.title'));

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('warehouse.floor.title')}</h1>
          <p className="muted">{t('warehouse.floor.subtitle')}</p>
        </div>
        <div className="toolbar wh-toolbar">
          {can('shipments.write') ? (
            <>
              <Link className="btn btn-primary btn-touch" to="/picking">
                {t('warehouse.nav.picking')}
              </Link>
              <Link className="btn btn-primary btn-touch" to="/pack">
                {t('warehouse.nav.packing')}
              </Link>
            </>
          ) : null}
          <WarehouseSelect warehouse={warehouse} options={options} onChange={setWarehouse} />
          <label className="wh-select">
            <span>{t('warehouse.period')}</span>
            <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {PERIODS.map((h) => (
                <option key={h} value={h}>
                  {plural('warehouse.lastHours', h)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {warehouse === '' ? (
        <Loading />
      ) : (
        <>
          <FloorReport warehouse={warehouse} hours={hours} />
          {can('shipments.write') ? <WavePlanner key={warehouse} warehouse={warehouse} /> : null}
          <WavesList warehouse={warehouse} />
          <CountTasks warehouse={warehouse} />
        </>
      )}
    </div>
  );
}

function FloorReport({ warehouse, hours }: { warehouse: string; hours: number }) {
  const report = useWarehouseReport(warehouse, hours);
  if (report.isPending) return <Loading />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  return <FloorFigures report={report.data} isStale={report.isPlaceholderData} />;
}

function FloorFigures({ report, isStale }: { report: WarehouseReport; isStale: boolean }) {
  const { t, number, dateTime } = useI18n();
  const actor = useActorLabel();
  const openOrders = report.openOrders.byStatus.reduce((n, s) => n + s.orders, 0);
  const tiles: { label: string; value: number; hint?: string; tone?: string; testId: string }[] = [
    { label: t('warehouse.floor.tiles.openOrders'), value: openOrders, testId: 'tile-open-orders' },
    { label: t('warehouse.floor.tiles.onHold'), value: report.openOrders.onHold, testId: 'tile-on-hold' },
    {
      label: t('warehouse.floor.tiles.openShipments'),
      value: report.shipments.open,
      testId: 'tile-open-shipments',
    },
    { label: t('warehouse.floor.tiles.packed'), value: report.shipments.packed, testId: 'tile-packed' },
    {
      label: t('warehouse.floor.tiles.shipped'),
      value: report.shipments.shippedInPeriod,
      testId: 'tile-shipped',
    },
    {
      label: t('warehouse.floor.tiles.shortPicks'),
      value: report.shortPicks.tasks,
      hint: t('warehouse.floor.tiles.shortUnits', { count: report.shortPicks.units }),
      tone: report.shortPicks.tasks > 0 ? 'tile-warning' : '',
      testId: 'tile-short-picks',
    },
    {
      label: t('warehouse.floor.tiles.countTasks'),
      value: report.openCountTasks,
      tone: report.openCountTasks > 0 ? 'tile-warning' : '',
      testId: 'tile-count-tasks',
    },
  ];
  const cutoffOrder = ['overdue', 'today', 'tomorrow', 'later', 'no_date'] as const;
  const byCutoff = [...report.openOrders.byCutoff].sort(
    (a, b) => cutoffOrder.indexOf(a.bucket) - cutoffOrder.indexOf(b.bucket),
  );
  return (
    <div className={`wh-report${isStale ? ' is-stale' : ''}`} data-testid="floor-report">
      <div className="wh-tiles">
        {tiles.map((tile) => (
          <div key={tile.testId} className={`card wh-tile ${tile.tone ?? ''}`} data-testid={tile.testId}>
            <span className="wh-tile-value">{number(tile.value)}</span>
            <span className="wh-tile-label">{tile.label}</span>
            {tile.hint ? <span className="muted small">{tile.hint}</span> : null}
          </div>
        ))}
      </div>
      <div className="wh-grid">
        <section className="card section" aria-labelledby="wh-by-status">
          <h2 id="wh-by-status">{t('warehouse.floor.byStatus')}</h2>
          <Table caption={t('warehouse.floor.byStatus')}>
            <thead>
              <tr>
                <th>{t('warehouse.floor.columns.status')}</th>
                <th className="num">{t('warehouse.floor.columns.orders')}</th>
              </tr>
            </thead>
            <tbody>
              {report.openOrders.byStatus.map((s) => (
                <tr key={s.status}>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td className="num">{number(s.orders)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <section className="card section" aria-labelledby="wh-by-cutoff">
          <h2 id="wh-by-cutoff">{t('warehouse.floor.byCutoff')}</h2>
          <Table caption={t('warehouse.floor.byCutoff')}>
            <thead>
              <tr>
                <th>{t('warehouse.floor.columns.bucket')}</th>
                <th className="num">{t('warehouse.floor.columns.orders')}</th>
              </tr>
            </thead>
            <tbody>
              {byCutoff.map((b) => (
                <tr key={b.bucket} className={b.bucket === 'overdue' ? 'text-danger' : undefined}>
                  <td>{t(`warehouse.floor.cutoff.${b.bucket}`)}</td>
                  <td className="num">{number(b.orders)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </section>
        <section className="card section" aria-labelledby="wh-waves">
          <h2 id="wh-waves">{t('warehouse.floor.wavesInProgress')}</h2>
          {report.waves.length === 0 ? (
            <p className="muted">{t('warehouse.floor.noWavesInProgress')}</p>
          ) : (
            <ul className="wh-wave-bars">
              {report.waves.map((w) => (
                <li key={w.id}>
                  <Link to={`/warehouse/waves/${encodeURIComponent(w.id)}`}>
                    {t('warehouse.waves.number', { number: w.number })}
                  </Link>{' '}
                  <FloorStatus status={w.status} />{' '}
                  <span className="muted small">
                    {t('warehouse.wave.orders')}: {w.orderCount}
                  </span>
                  <ProgressBar
                    done={w.tasks - w.tasksOpen}
                    total={w.tasks}
                    label={t('warehouse.floor.tasksDone', { done: w.tasks - w.tasksOpen, total: w.tasks })}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card section" aria-labelledby="wh-pph">
          <h2 id="wh-pph">{t('warehouse.floor.picksPerHour')}</h2>
          {report.picksPerHour.length === 0 ? (
            <p className="muted">{t('warehouse.floor.noPicks')}</p>
          ) : (
            <Table caption={t('warehouse.floor.picksPerHour')}>
              <thead>
                <tr>
                  <th>{t('warehouse.floor.columns.operator')}</th>
                  <th>{t('warehouse.floor.columns.hour')}</th>
                  <th className="num">{t('warehouse.floor.columns.tasks')}</th>
                  <th className="num">{t('warehouse.floor.columns.units')}</th>
                </tr>
              </thead>
              <tbody>
                {report.picksPerHour.map((p) => (
                  <tr key={`${p.operator}-${p.hour}`}>
                    <td>
                      {actor({ kind: p.operator.startsWith('key_') ? 'api_key' : 'user', id: p.operator })}
                    </td>
                    <td>{dateTime(p.hour)}</td>
                    <td className="num">{number(p.tasks)}</td>
                    <td className="num">{number(p.units)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </section>
        <section className="card section" aria-labelledby="wh-errors">
          <h2 id="wh-errors">{t('warehouse.floor.errorsCaught')}</h2>
          {report.errorsCaught.length === 0 ? (
            <p className="muted">{t('warehouse.floor.noErrors')}</p>
          ) : (
            <Table caption={t('warehouse.floor.errorsCaught')}>
              <thead>
                <tr>
                  <th>{t('warehouse.floor.columns.kind')}</th>
                  <th>{t('warehouse.floor.columns.code')}</th>
                  <th className="num">{t('warehouse.floor.columns.count')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errorsCaught.map((e) => (
                  <tr key={`${e.kind}-${e.code}`} data-testid={`error-caught-${e.code}`}>
                    <td>{t(`warehouse.floor.kind.${e.kind}`)}</td>
                    <td className="mono">{e.code}</td>
                    <td className="num">{number(e.count)}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </section>
      </div>
    </div>
  );
}

const LIMITS = { maxOrders: 500, maxLines: 10000, ordersPerList: 50 } as const;

function wholeIn(raw: string, max: number): number | null | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
}

function WavePlanner({ warehouse }: { warehouse: string }) {
  const { t } = useI18n();
  const toast = useToast();
  const channels = useChannels(true);
  const create = useCreateWave();
  const [picked, setPicked] = useState<string[]>([]);
  const [methods, setMethods] = useState('');
  const [cutoff, setCutoff] = useState('');
  const [maxOrders, setMaxOrders] = useState('20');
  const [maxLines, setMaxLines] = useState('');
  const [kind, setKind] = useState<'single' | 'batch' | 'wave'>('batch');
  const [perList, setPerList] = useState('8');
  const [isSubmitted, setSubmitted] = useState(false);
  const [released, setReleased] = useState<Wave | null>(null);

  const numbers = {
    maxOrders: wholeIn(maxOrders, LIMITS.maxOrders),
    maxLines: wholeIn(maxLines, LIMITS.maxLines),
    ordersPerList: wholeIn(perList, LIMITS.ordersPerList),
  };
  const numberError = (field: keyof typeof LIMITS) =>
    isSubmitted && numbers[field] === null ? t('warehouse.plan.invalidNumber', { max: LIMITS[field] }) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.values(numbers).some((n) => n === null)) return;
    const shippingMethods = methods
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    const body: CreateWaveBody = {
      warehouse,
      pickLists: kind,
      ...(picked.length > 0 ? { channels: picked } : {}),
      ...(shippingMethods.length > 0 ? { shippingMethods } : {}),
      ...(cutoff ? { cutoff: new Date(cutoff).toISOString() } : {}),
      ...(numbers.maxOrders ? { maxOrders: numbers.maxOrders } : {}),
      ...(numbers.maxLines ? { maxLines: numbers.maxLines } : {}),
      ...(kind === 'batch' && numbers.ordersPerList ? { ordersPerList: numbers.ordersPerList } : {}),
    };
    create.mutate(body, {
      onSuccess: (wave) => {
        setReleased(wave);
        setSubmitted(false);
        toast.success(
          t('warehouse.plan.released', {
            number: wave.number,
            orders: wave.orderCount,
            lines: wave.lineCount,
          }),
        );
      },
    });
  };

  return (
    <section className="card section" aria-labelledby="wh-plan">
      <h2 id="wh-plan">{t('warehouse.plan.title')}</h2>
      <p className="muted small">{t('warehouse.plan.intro')}</p>
      <form className="wh-plan-form" onSubmit={submit} noValidate>
        <fieldset className="field">
          <legend>{t('warehouse.plan.channels')}</legend>
          <div className="wh-checks">
            {(channels.data ?? []).map((c) => (
              <CheckboxField
                key={c.code}
                label={c.code}
                checked={picked.includes(c.code)}
                onChange={(e) =>
                  setPicked((all) => (e.target.checked ? [...all, c.code] : all.filter((x) => x !== c.code)))
                }
              />
            ))}
          </div>
          <p className="field-hint">{t('warehouse.plan.allChannels')}</p>
        </fieldset>
        <div className="wh-plan-fields">
          <TextField
            label={t('warehouse.plan.shippingMethods')}
            hint={t('warehouse.plan.shippingMethodsHint')}
            value={methods}
            onChange={(e) => setMethods(e.target.value)}
            isOptional
          />
          <TextField
            label={t('warehouse.plan.cutoff')}
            hint={t('warehouse.plan.cutoffHint')}
            type="datetime-local"
            value={cutoff}
            onChange={(e) => setCutoff(e.target.value)}
            isOptional
          />
          <TextField
            label={t('warehouse.plan.maxOrders')}
            inputMode="numeric"
            value={maxOrders}
            onChange={(e) => setMaxOrders(e.target.value)}
            error={numberError('maxOrders')}
            isOptional
          />
          <TextField
            label={t('warehouse.plan.maxLines')}
            inputMode="numeric"
            value={maxLines}
            onChange={(e) => setMaxLines(e.target.value)}
            error={numberError('maxLines')}
            isOptional
          />
        </div>
        <RadioGroup<'single' | 'batch' | 'wave'>
          legend={t('warehouse.plan.kind')}
          name="wave-kind"
          value={kind}
          onChange={setKind}
          options={(['single', 'batch', 'wave'] as const).map((k) => ({
            value: k,
            label: t(`warehouse.plan.kinds.${k}`),
          }))}
        />
        {kind === 'batch' ? (
          <TextField
            label={t('warehouse.plan.ordersPerList')}
            inputMode="numeric"
            value={perList}
            onChange={(e) => setPerList(e.target.value)}
            error={numberError('ordersPerList')}
          />
        ) : null}
        <InlineError error={create.error} />
        <div className="toolbar">
          <Button type="submit" variant="primary" isLoading={create.isPending}>
            {t('warehouse.plan.submit')}
          </Button>
        </div>
      </form>
      {released ? <ReleasedWave wave={released} /> : null}
    </section>
  );
}

function ReleasedWave({ wave }: { wave: Wave }) {
  const { t } = useI18n();
  return (
    <div className="wh-released" data-testid="released-wave">
      <p className="notice">
        <Link to={`/warehouse/waves/${encodeURIComponent(wave.id)}`}>
          {t('warehouse.plan.released', {
            number: wave.number,
            orders: wave.orderCount,
            lines: wave.lineCount,
          })}
        </Link>
      </p>
      <ul className="wh-released-lists">
        {wave.pickLists.map((l) => {
          const totes = wave.shipments.filter((s) => s.tote?.startsWith(`P${l.number}-`)).map((s) => s.tote);
          return (
            <li key={l.id}>
              <Link to={`/picking/${encodeURIComponent(l.id)}`} data-testid="released-pick-list">
                {t('warehouse.wave.pickLabel', { number: l.number })}
              </Link>{' '}
              <span className="muted small">
                {t(`warehouse.pickKind.${l.kind}`)} ·{' '}
                {t('warehouse.floor.tasksDone', { done: 0, total: l.tasks.total })}
                {totes.length > 0 ? ` · ${totes.join(', ')}` : ''}
              </span>
            </li>
          );
        })}
      </ul>
      {wave.skipped && wave.skipped.length > 0 ? (
        <div className="notice notice-warning">
          <p className="strong">{t('warehouse.plan.skipped')}</p>
          <ul>
            {wave.skipped.map((s) => (
              <li key={s.orderId}>
                <Link to={`/orders/${encodeURIComponent(s.orderId)}`}>{s.orderId}</Link> —{' '}
                <span className="mono">{s.code}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function WavesList({ warehouse }: { warehouse: string }) {
  const { t, dateTime, number } = useI18n();
  const waves = useWaves(warehouse);
  return (
    <section className="section" aria-labelledby="wh-wave-list">
      <h2 id="wh-wave-list">{t('warehouse.waves.title')}</h2>
      {waves.isPending ? (
        <Loading />
      ) : waves.isError ? (
        <ErrorState error={waves.error} onRetry={() => void waves.refetch()} />
      ) : waves.data.length === 0 ? (
        <EmptyState title={t('warehouse.waves.empty')} />
      ) : (
        <Table caption={t('warehouse.waves.title')}>
          <thead>
            <tr>
              <th>{t('warehouse.waves.columns.wave')}</th>
              <th>{t('warehouse.waves.columns.status')}</th>
              <th className="num">{t('warehouse.waves.columns.orders')}</th>
              <th className="num">{t('warehouse.waves.columns.lines')}</th>
              <th className="num">{t('warehouse.waves.columns.lists')}</th>
              <th>{t('warehouse.waves.columns.progress')}</th>
              <th>{t('warehouse.waves.columns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {waves.data.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link
                    to={`/warehouse/waves/${encodeURIComponent(w.id)}`}
                    aria-label={t('warehouse.waves.open', { number: w.number })}
                  >
                    {t('warehouse.waves.number', { number: w.number })}
                  </Link>
                </td>
                <td>
                  <FloorStatus status={w.status} />
                </td>
                <td className="num">{number(w.orderCount)}</td>
                <td className="num">{number(w.lineCount)}</td>
                <td className="num">{number(w.pickLists)}</td>
                <td>
                  <ProgressBar
                    done={w.tasks.total - w.tasks.open}
                    total={w.tasks.total}
                    label={t('warehouse.floor.tasksDone', {
                      done: w.tasks.total - w.tasks.open,
                      total: w.tasks.total,
                    })}
                  />
                </td>
                <td>{dateTime(w.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}

function CountTasks({ warehouse }: { warehouse: string }) {
  const { t, dateTime } = useI18n();
  const tasks = useCountTasks(warehouse);
  if (!tasks.data) return null;
  return (
    <section className="section" aria-labelledby="wh-count-tasks">
      <h2 id="wh-count-tasks">{t('warehouse.floor.countTasks')}</h2>
      {tasks.data.length === 0 ? (
        <p className="muted">{t('warehouse.floor.noCountTasks')}</p>
      ) : (
        <Table caption={t('warehouse.floor.countTasks')}>
          <thead>
            <tr>
              <th>{t('warehouse.floor.columns.location')}</th>
              <th>{t('warehouse.floor.columns.sku')}</th>
              <th>{t('warehouse.floor.columns.source')}</th>
              <th>{t('warehouse.floor.columns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.map((c) => (
              <tr key={c.id}>
                <td className="mono">{c.location}</td>
                <td>{c.sku ? <Link to={`/skus/${encodeURIComponent(c.sku)}`}>{c.sku}</Link> : '—'}</td>
                <td>{c.source === 'short_pick' ? t('warehouse.floor.tiles.shortPicks') : c.source}</td>
                <td>{dateTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
