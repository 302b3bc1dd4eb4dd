import '../inbound/inbound.css';
import { useI18n } from '../../i18n/i18n';
import { ErrorState, Loading, Table } from '../../ui';
import { type Lifecycle, useLifecycle } from '../inbound/api';

type Stage = keyof Lifecycle['totals'];
const STAGES: readonly Stage[] = [
  'onOrder',
  'inTransit',
  'inReceiving',
  'inQuarantine',
  'inStorage',
  'reserved',
  'available',
  'shipped',
  'returned',
  'scrapped',
];

/** "Life of this SKU": where its units stand from purchase order to customer, in all and per warehouse. */
export function LifecyclePanel({ sku }: { sku: string }) {
  const { t, number } = useI18n();
  const life = useLifecycle(sku, true);
  return (
    <section className="section" aria-labelledby="life-title" data-testid="sku-lifecycle">
      <h2 id="life-title">{t('inbound.life.title')}</h2>
      {life.isPending ? (
        <Loading />
      ) : life.isError ? (
        <ErrorState error={life.error} onRetry={() => void life.refetch()} />
      ) : (
        <>
          <ol className="life-stages">
            {STAGES.map((s) => (
              <li
                key={s}
                className={`card life-stage${life.data.totals[s] === 0 ? ' is-zero' : ''}`}
                data-stage={s}
              >
                <span className="life-value">{number(life.data.totals[s])}</span>
                <span className="life-label">{t(`inbound.life.${s}`)}</span>
              </li>
            ))}
          </ol>
          {life.data.warehouses.length > 1 ? (
            <details>
              <summary>{t('inbound.life.perWarehouse')}</summary>
              <Table caption={t('inbound.life.perWarehouse')}>
                <thead>
                  <tr>
                    <th>{t('inbound.columns.warehouse')}</th>
                    {STAGES.map((s) => (
                      <th key={s} className="num">
                        {t(`inbound.life.${s}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {life.data.warehouses.map((w) => (
                    <tr key={w.warehouse}>
                      <th scope="row">{w.warehouse}</th>
                      {STAGES.map((s) => (
                        <td key={s} className="num">
                          {number(w[s])}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </Table>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}
