import '../operations.css';
import './catalog.css';
import { useState } from 'react';
import { useSetReorderPoints } from '../../api/catalog';
import { type ReorderPoints, useReorderPoints, useWarehouses } from '../../api/operations';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import {
  Badge,
  Button,
  Dialog,
  ErrorState,
  Loading,
  SelectField,
  Table,
  TextField,
  useToast,
} from '../../ui';
import { CodedError } from './CodedError';

/**
 * The SKU's reorder points per warehouse, with what is available there now and whether it is low; those
 * who may change the catalog edit them.
 */
export function ReorderPointsSection({ sku }: { sku: string }) {
  const { t, number } = useI18n();
  const { can } = useSession();
  const points = useReorderPoints(sku, true);
  const [isEditing, setEditing] = useState(false);
  const canWrite = can('catalog.write');
  return (
    <section className="section" aria-labelledby="reorder-title">
      <div className="section-header">
        <h2 id="reorder-title">{t('reorder.title')}</h2>
        {canWrite && points.isSuccess ? (
          <Button size="sm" onClick={() => setEditing(true)}>
            {t('catalog.reorder.edit')}
          </Button>
        ) : null}
      </div>
      {points.isPending ? (
        <Loading />
      ) : points.isError ? (
        <ErrorState error={points.error} onRetry={() => void points.refetch()} />
      ) : points.data.points.length === 0 ? (
        <p className="muted">{t('reorder.none')}</p>
      ) : (
        <Table caption={t('reorder.title')} className="reorder-table">
          <thead>
            <tr>
              <th scope="col">{t('reorder.columns.warehouse')}</th>
              <th scope="col" className="num">
                {t('reorder.columns.lowAt')}
              </th>
              <th scope="col" className="num">
                {t('reorder.columns.reorderQty')}
              </th>
              <th scope="col" className="num">
                {t('reorder.columns.available')}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.data.points.map((p) => (
              <tr key={p.warehouse} data-warehouse={p.warehouse}>
                <th scope="row">{p.warehouse}</th>
                <td className="num">{number(p.lowAt)}</td>
                <td className="num">{p.reorderQty === null ? '—' : number(p.reorderQty)}</td>
                <td className="num strong">
                  {number(p.available)}
                  {p.isLow ? (
                    <Badge tone="warning">{t('reorder.low')}</Badge>
                  ) : (
                    <Badge tone="success">{t('reorder.ok')}</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {isEditing && points.data ? (
        <ReorderPointsDialog sku={sku} current={points.data} onClose={() => setEditing(false)} />
      ) : null}
    </section>
  );
}

interface Row {
  warehouse: string;
  lowAt: string;
  reorderQty: string;
}

const isPositiveInteger = (s: string) => Number.isInteger(Number(s)) && Number(s) >= 1;

function ReorderPointsDialog({
  sku,
  current,
  onClose,
}: {
  sku: string;
  current: ReorderPoints;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const save = useSetReorderPoints(sku);
  const warehouses = useWarehouses(true);
  const [rows, setRows] = useState<Row[]>(() =>
    current.points.map((p) => ({
      warehouse: p.warehouse,
      lowAt: String(p.lowAt),
      reorderQty: p.reorderQty === null ? '' : String(p.reorderQty),
    })),
  );
  const [touched, setTouched] = useState(false);
  const problemOf = (row: Row) => ({
    warehouse: row.warehouse === '' ? t('common.required') : null,
    lowAt: isPositiveInteger(row.lowAt) ? null : '≥ 1',
    reorderQty: row.reorderQty.trim() === '' || isPositiveInteger(row.reorderQty) ? null : '≥ 1',
  });
  const update = (i: number, patch: Partial<Row>) =>
    setRows((old) => old.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const used = new Set(rows.map((r) => r.warehouse));
  const free = (warehouses.data ?? []).filter((w) => !used.has(w));

  const submit = () => {
    setTouched(true);
    if (rows.some((r) => Object.values(problemOf(r)).some(Boolean))) return;
    save.mutate(
      {
        points: rows.map((r) => ({
          warehouse: r.warehouse,
          lowAt: Number(r.lowAt),
          reorderQty: r.reorderQty.trim() === '' ? null : Number(r.reorderQty),
        })),
      },
      {
        onSuccess: () => {
          toast.success(t('catalog.reorder.saved', { code: sku }));
          onClose();
        },
      },
    );
  };

  return (
    <Dialog
      title={t('catalog.reorder.editTitle', { code: sku })}
      description={t('catalog.reorder.intro')}
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
            // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have only their position.
            <div key={i} className="line-editor" data-reorder-row={i}>
              <SelectField
                label={t('catalog.reorder.warehouse')}
                name={`warehouse-${i}`}
                value={row.warehouse}
                onChange={(e) => update(i, { warehouse: e.target.value })}
                error={touched ? problems.warehouse : null}
              >
                <option value="" disabled>
                  —
                </option>
                {[...(row.warehouse ? [row.warehouse] : []), ...free].map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </SelectField>
              <TextField
                label={t('catalog.reorder.lowAt')}
                name={`lowAt-${i}`}
                type="number"
                min={1}
                step={1}
                value={row.lowAt}
                onChange={(e) => update(i, { lowAt: e.target.value })}
                error={touched ? problems.lowAt : null}
              />
              <TextField
                label={t('catalog.reorder.reorderQty')}
                name={`reorderQty-${i}`}
                type="number"
                min={1}
                step={1}
                value={row.reorderQty}
                isOptional
                onChange={(e) => update(i, { reorderQty: e.target.value })}
                error={touched ? problems.reorderQty : null}
              />
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setRows((old) => old.filter((_, j) => j !== i))}
                aria-label={t('catalog.reorder.removeLabel', { warehouse: row.warehouse || String(i + 1) })}
              >
                {t('catalog.reorder.remove')}
              </Button>
            </div>
          );
        })}
        {free.length > 0 ? (
          <div>
            <Button
              size="sm"
              onClick={() =>
                setRows((old) => [...old, { warehouse: free[0] ?? '', lowAt: '1', reorderQty: '' }])
              }
            >
              {t('catalog.reorder.add')}
            </Button>
          </div>
        ) : null}
        <CodedError error={save.error} />
      </div>
    </Dialog>
  );
}
