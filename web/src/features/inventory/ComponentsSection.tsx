import './catalog.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { useSetSkuComponents, useSkuComponents } from '../../api/catalog';
import type { Sku } from '../../api/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { Button, Dialog, ErrorState, Loading, Table, TextField, useToast } from '../../ui';
import { CodedError } from './CodedError';

interface Row {
  sku: string;
  qty: string;
}

/** A kit's components (what one kit takes of each), with an editor for those who may change the catalog. */
export function ComponentsSection({ sku }: { sku: Sku }) {
  const { t, number } = useI18n();
  const { can } = useSession();
  const components = useSkuComponents(sku.code);
  const [isEditing, setEditing] = useState(false);
  const canWrite = can('catalog.write');
  if (!sku.isKit && !canWrite) return null;
  return (
    <section className="section" aria-labelledby="components-title">
      <div className="section-header">
        <h2 id="components-title">{t('catalog.components.title')}</h2>
        {canWrite && components.isSuccess ? (
          <Button size="sm" onClick={() => setEditing(true)}>
            {t('catalog.components.edit')}
          </Button>
        ) : null}
      </div>
      {components.isPending ? (
        <Loading />
      ) : components.isError ? (
        <ErrorState error={components.error} onRetry={() => void components.refetch()} />
      ) : components.data.components.length === 0 ? (
        <p className="muted">{t('catalog.components.none')}</p>
      ) : (
        <Table caption={t('catalog.components.title')} className="components-table">
          <thead>
            <tr>
              <th scope="col">{t('catalog.components.columns.sku')}</th>
              <th scope="col" className="num">
                {t('catalog.components.columns.qty')}
              </th>
            </tr>
          </thead>
          <tbody>
            {components.data.components.map((c) => (
              <tr key={c.sku} data-component={c.sku}>
                <td>
                  <Link to={`/skus/${encodeURIComponent(c.sku)}`} className="mono">
                    {c.sku}
                  </Link>
                </td>
                <td className="num">{number(c.qty)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isEditing && components.data ? (
        <ComponentsDialog
          code={sku.code}
          initial={components.data.components.map((c) => ({ sku: c.sku, qty: String(c.qty) }))}
          onClose={() => setEditing(false)}
        />
      ) : null}
    </section>
  );
}

function ComponentsDialog({ code, initial, onClose }: { code: string; initial: Row[]; onClose(): void }) {
  const { t } = useI18n();
  const toast = useToast();
  const save = useSetSkuComponents(code);
  const [rows, setRows] = useState<Row[]>(initial);
  const [touched, setTouched] = useState(false);
  const problemOf = (row: Row) => ({
    sku: row.sku.trim() === '' ? t('common.required') : null,
    qty: !Number.isInteger(Number(row.qty)) || Number(row.qty) < 1 ? '≥ 1' : null,
  });
  const update = (i: number, patch: Partial<Row>) =>
    setRows((old) => old.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  const submit = () => {
    setTouched(true);
    if (rows.some((r) => Object.values(problemOf(r)).some(Boolean))) return;
    save.mutate(
      rows.map((r) => ({ sku: r.sku.trim(), qty: Number(r.qty) })),
      {
        onSuccess: () => {
          toast.success(t('catalog.components.saved', { code }));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('catalog.components.editTitle', { code })}
      description={t('catalog.components.intro')}
      onClose={onClose}
      onSubmit={submit}
      isBusy={save.isPending}
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" isLoading={save.isPending}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <div className="form">
        {rows.map((row, i) => {
          const problems = problemOf(row);
          return (
            // Rows being typed have no identity yet but their position.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above.
            <div key={i} className="line-editor line-editor-2" data-component-row={i}>
              <TextField
                label={t('catalog.components.sku')}
                name={`component-sku-${i}`}
                value={row.sku}
                autoComplete="off"
                maxLength={64}
                onChange={(e) => update(i, { sku: e.target.value })}
                error={touched ? problems.sku : null}
              />
              <TextField
                label={t('catalog.components.qty')}
                name={`component-qty-${i}`}
                type="number"
                min={1}
                step={1}
                value={row.qty}
                onChange={(e) => update(i, { qty: e.target.value })}
                error={touched ? problems.qty : null}
              />
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setRows((old) => old.filter((_, j) => j !== i))}
                aria-label={t('catalog.components.removeLabel', { n: i + 1 })}
              >
                {t('catalog.components.remove')}
              </Button>
            </div>
          );
        })}
        <div>
          <Button size="sm" onClick={() => setRows((old) => [...old, { sku: '', qty: '1' }])}>
            {t('catalog.components.add')}
          </Button>
        </div>
        <CodedError error={save.error} />
      </div>
    </Dialog>
  );
}
