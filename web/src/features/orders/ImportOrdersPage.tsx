import '../operations.css';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import {
  type ImportMode,
  type ImportReport,
  rejectedReport,
  type UploadProgress,
  uploadOrderImport,
} from '../../api/operations';
import { useChannels } from '../../api/queries';
import { useMe, useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, InlineError, RadioGroup, SelectField, Table, TextField } from '../../ui';

type Phase = { kind: 'idle' } | { kind: 'uploading'; progress: UploadProgress } | { kind: 'processing' };

/**
 * Orders from a CSV file into one channel. The file goes up with XMLHttpRequest, whose upload events give
 * a real progress bar; once sent, a spinner says the server is checking and taking the orders. The
 * answer is the server's report: counts, then every error and notice with its row, as tables. A file
 * refused as a whole (all or nothing) shows the same report, saying nothing was imported.
 */
export function ImportOrdersPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const me = useMe();
  useDocumentTitle(t('orderImport.title'));
  const channels = useChannels(can('channels.read'));
  const [channel, setChannel] = useState('');
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => () => abort.current?.abort(), []);

  const problems = {
    channel: channel.trim() === '' ? t('orderImport.chooseChannel') : null,
    file: file === null ? t('orderImport.chooseFile') : null,
  };
  const isBusy = phase.kind !== 'idle';

  const submit = async () => {
    setTouched(true);
    if (problems.channel || problems.file || !file) return;
    setReport(null);
    setError(null);
    setPhase({ kind: 'uploading', progress: { loaded: 0, total: file.size } });
    abort.current = new AbortController();
    try {
      const result = await uploadOrderImport({
        channel: channel.trim(),
        mode,
        file,
        csrfToken: me.csrfToken ?? '',
        signal: abort.current.signal,
        onProgress: (progress) =>
          setPhase(
            progress.loaded >= progress.total ? { kind: 'processing' } : { kind: 'uploading', progress },
          ),
      });
      setReport(result);
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      const refused = rejectedReport(e);
      if (refused) setReport(refused);
      else setError(e);
    } finally {
      setPhase({ kind: 'idle' });
    }
  };

  const percent =
    phase.kind === 'uploading' && phase.progress.total > 0
      ? Math.min(100, Math.round((phase.progress.loaded / phase.progress.total) * 100))
      : phase.kind === 'processing'
        ? 100
        : 0;

  return (
    <div className="page">
      <Link to="/orders" className="back-link">
        ← {t('order.backToList')}
      </Link>
      <div className="page-header">
        <div>
          <h1>{t('orderImport.title')}</h1>
          <p className="muted">{t('orderImport.intro')}</p>
        </div>
      </div>
      <section className="card">
        <form
          className="form import-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          {channels.data ? (
            <SelectField
              label={t('orderImport.channel')}
              name="channel"
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
              error={touched ? problems.channel : null}
              disabled={isBusy}
            >
              <option value="">—</option>
              {channels.data.map((c) => (
                <option key={c.id} value={c.code}>
                  {c.name} ({c.code})
                </option>
              ))}
            </SelectField>
          ) : (
            <TextField
              label={t('orderImport.channel')}
              name="channel"
              value={channel}
              onChange={(e) => setChannel(e.target.value)}
              error={touched ? problems.channel : null}
              disabled={isBusy}
            />
          )}
          <TextField
            label={t('orderImport.file')}
            name="file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            error={touched ? problems.file : null}
            disabled={isBusy}
          />
          <RadioGroup<ImportMode>
            legend={t('orderImport.mode')}
            name="mode"
            value={mode}
            options={[
              { value: 'all_or_nothing', label: t('orderImport.allOrNothing') },
              { value: 'skip_invalid', label: t('orderImport.skipInvalid') },
            ]}
            onChange={setMode}
          />
          <div className="toolbar">
            <Button type="submit" variant="primary" isLoading={isBusy}>
              {t('orderImport.submit')}
            </Button>
          </div>
          {isBusy ? (
            <div className="upload-progress" aria-live="polite">
              <progress max={100} value={percent} aria-label={t('orderImport.progressLabel')} />
              <span className="small">
                {phase.kind === 'processing'
                  ? t('orderImport.processing')
                  : t('orderImport.uploading', { percent })}
              </span>
            </div>
          ) : null}
          <InlineError error={error} />
        </form>
      </section>
      {report ? <ImportReportView report={report} /> : null}
    </div>
  );
}

function ImportReportView({ report }: { report: ImportReport }) {
  const { t, number } = useI18n();
  const counts = [
    'totalRows',
    'orders',
    'created',
    'cancelled',
    'unchanged',
    'alreadyFulfilled',
    'rejected',
  ] as const;
  return (
    <section
      className="section import-report"
      aria-labelledby="report-title"
      data-committed={report.committed}
    >
      <h2 id="report-title">{t('orderImport.reportTitle')}</h2>
      <p className={`notice ${report.committed ? 'notice-success' : 'notice-danger'}`} role="status">
        {report.committed ? t('orderImport.committed') : t('orderImport.rejected')}
      </p>
      <dl className="facts card">
        {counts.map((c) => (
          <div key={c}>
            <dt>{t(`orderImport.summary.${c}`)}</dt>
            <dd className="strong" data-testid={`import-${c}`}>
              {number(report[c])}
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t('orderImport.errorsTitle')}</h3>
      {report.errors.length === 0 ? (
        <p className="muted">{t('orderImport.noErrors')}</p>
      ) : (
        <Table caption={t('orderImport.errorsTitle')} className="import-errors">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('orderImport.columns.row')}
              </th>
              <th scope="col">{t('orderImport.columns.order')}</th>
              <th scope="col">{t('orderImport.columns.column')}</th>
              <th scope="col">{t('orderImport.columns.code')}</th>
              <th scope="col">{t('orderImport.columns.reason')}</th>
              <th scope="col">{t('orderImport.columns.rows')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              // Two problems may share a row and a code; their position in the report tells them apart.
              // biome-ignore lint/suspicious/noArrayIndexKey: report entries have no identity of their own.
              <tr key={i} data-row={e.row}>
                <td className="num">{e.row}</td>
                <td className="mono">{e.order ?? '—'}</td>
                <td>{e.column ?? '—'}</td>
                <td className="mono small">{e.code}</td>
                <td>{e.reason}</td>
                <td className="small">{e.rows.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {report.notices.length > 0 ? (
        <>
          <h3>{t('orderImport.noticesTitle')}</h3>
          <Table caption={t('orderImport.noticesTitle')} className="import-notices">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('orderImport.columns.row')}
                </th>
                <th scope="col">{t('orderImport.columns.order')}</th>
                <th scope="col">{t('orderImport.columns.column')}</th>
                <th scope="col">{t('orderImport.columns.code')}</th>
                <th scope="col">{t('orderImport.columns.reason')}</th>
                <th scope="col">{t('orderImport.columns.rows')}</th>
              </tr>
            </thead>
            <tbody>
              {report.notices.map((n, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: report entries have no identity of their own.
                <tr key={i} data-row={n.row}>
                  <td className="num">{n.row}</td>
                  <td className="mono">{n.order}</td>
                  <td>{n.column ?? '—'}</td>
                  <td className="mono small">{n.code}</td>
                  <td>{n.reason}</td>
                  <td className="small">{n.rows.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      ) : null}
      {report.createdIds.length > 0 ? (
        <>
          <h3>{t('orderImport.createdLinks')}</h3>
          <ul className="created-orders">
            {report.createdIds.slice(0, 100).map((id) => (
              <li key={id}>
                <Link to={`/orders/${encodeURIComponent(id)}`} className="mono">
                  {id}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
