import '../operations.css';
import { useReorderPoints } from '../../api/operations';
import { useI18n } from '../../i18n/i18n';
import { Badge, ErrorState, Loading, Table } from '../../ui';

/** The SKU's reorder points per warehouse, with what is available there now and whether it is low. */
export function ReorderPointsSection({ sku }: { sku: string }) {
  const { t, number } = useI18n();
  const points = useReorderPoints(sku, true);
  return (
    <section className="section" aria-labelledby="reorder-title">
      <h2 id="reorder-title">{t('reorder.title')}</h2>
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
    </section>
  );
}
