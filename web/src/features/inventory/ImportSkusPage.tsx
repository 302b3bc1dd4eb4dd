import '../operations.css';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  type SkuImportMode,
  type SkuImportReport,
  skuImportReportOf,
  useImportSkus,
} from '../../api/catalog';
import { useMe } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, RadioGroup, Table, TextField } from '../../ui';
import { CodedError } from './CodedError';

/**
 * SKUs from a CSV file (code, name, gtin, unit). All or nothing, or the valid rows only; the answer is
 * the server's report, every problem with its row, column and code. A file refused as a whole shows the
 * same report, saying nothing was imported.
 */
export function ImportSkusPage() {
  const { t } = useI18n();
  const me = useMe();
  useDocumentTitle(t('catalog.skuImport.title'));
  const upload = useImportSkus();
  const [mode, setMode] = useState<SkuImportMode>('all_or_nothing');
  const [file, setFile] = useState<File | null>(null);
  const [touched, setTouched] = useState(false);
  const report = upload.data ?? skuImportReportOf(upload.error);
  const error = upload.error && !skuImportReportOf(upload.error) ? upload.error : null;

  const submit = () => {
    setTouched(true);
    if (!file) return;
    upload.mutate({ file, mode, csrfToken: me.csrfToken ?? '' });
  };

  return (
    <div className="page">
      <Link to="/skus" className="back-link">
        ← {t('sku.backToList')}
      </Link>
      <div className="page-header">
        <div>
          <h1>{t('catalog.skuImport.title')}</h1>
          <p className="muted">{t('catalog.skuImport.intro')}</p>
        </div>
      </div>
      <section className="card">
        <form
          className="form import-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <TextField
            label={t('catalog.skuImport.file')}
            name="file"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            error={touched && !file ? t('catalog.skuImport.chooseFile') : null}
            disabled={upload.isPending}
          />
          <RadioGroup<SkuImportMode>
            legend={t('catalog.skuImport.mode')}
            name="mode"
            value={mode}
            options={[
              { value: 'all_or_nothing', label: t('catalog.skuImport.allOrNothing') },
              { value: 'skip_invalid', label: t('catalog.skuImport.skipInvalid') },
            ]}
            onChange={setMode}
          />
          <div className="toolbar">
            <Button type="submit" variant="primary" isLoading={upload.isPending}>
              {t('catalog.skuImport.submit')}
            </Button>
          </div>
          <CodedError error={error} />
        </form>
      </section>
      {report && !upload.isPending ? <SkuImportReportView report={report} /> : null}
    </div>
  );
}

function SkuImportReportView({ report }: { report: SkuImportReport }) {
  const { t, number } = useI18n();
  const counts = ['totalRows', 'created', 'updated', 'unchanged', 'rejected'] as const;
  return (
    <section
      className="section import-report"
      aria-labelledby="sku-report-title"
      data-committed={report.committed}
    >
      <h2 id="sku-report-title">{t('catalog.skuImport.reportTitle')}</h2>
      <p className={`notice ${report.committed ? 'notice-success' : 'notice-danger'}`} role="status">
        {report.committed ? t('catalog.skuImport.committed') : t('catalog.skuImport.rejected')}
      </p>
      <dl className="facts card">
        {counts.map((c) => (
          <div key={c}>
            <dt>{t(`catalog.skuImport.summary.${c}`)}</dt>
            <dd className="strong" data-testid={`sku-import-${c}`}>
              {number(report[c])}
            </dd>
          </div>
        ))}
      </dl>
      <h3>{t('catalog.skuImport.errorsTitle')}</h3>
      {report.errors.length === 0 ? (
        <p className="muted">{t('catalog.skuImport.noErrors')}</p>
      ) : (
        <Table caption={t('catalog.skuImport.errorsTitle')} className="import-errors">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('catalog.skuImport.columns.row')}
              </th>
              <th scope="col">{t('catalog.skuImport.columns.column')}</th>
              <th scope="col">{t('catalog.skuImport.columns.code')}</th>
              <th scope="col">{t('catalog.skuImport.columns.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {report.errors.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: report entries have no identity of their own.
              <tr key={i} data-row={e.row}>
                <td className="num">{e.row}</td>
                <td>{e.column ?? '—'}</td>
                <td className="mono small">{e.code}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
