import { useEffect, useState } from 'react';
import { useMe, useSession } from '../../app/session';
import { type TextKey, useI18n } from '../../i18n/i18n';
import { Badge, type Tone } from '../../ui';
import { useWarehouses } from '../settings/api';

const STORAGE_KEY = 'coulisse.warehouse';

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/**
 * The warehouse the floor screens show: the signed-in user's own (a scoped operator has one or a few), or
 * any warehouse for everyone else; the choice is remembered on this browser.
 */
export function useChosenWarehouse(): {
  warehouse: string;
  options: readonly string[];
  setWarehouse(code: string): void;
} {
  const me = useMe();
  const { can } = useSession();
  const all = useWarehouses(me.warehouses === null && can('locations.read'));
  const options = me.warehouses ?? all.data ?? [];
  const [chosen, setChosen] = useState<string | null>(stored);
  const warehouse = chosen && options.includes(chosen) ? chosen : (options[0] ?? '');
  useEffect(() => {
    if (!warehouse) return;
    try {
      window.localStorage.setItem(STORAGE_KEY, warehouse);
    } catch {
      // Storage refused (private browsing): the choice lasts for this page.
    }
  }, [warehouse]);
  return { warehouse, options, setWarehouse: setChosen };
}

export function WarehouseSelect({
  warehouse,
  options,
  onChange,
}: {
  warehouse: string;
  options: readonly string[];
  onChange(code: string): void;
}) {
  const { t } = useI18n();
  return (
    <label className="wh-select">
      <span>{t('warehouse.warehouse')}</span>
      <select value={warehouse} onChange={(e) => onChange(e.target.value)} data-testid="warehouse-select">
        {options.map((code) => (
          <option key={code} value={code}>
            {code}
          </option>
        ))}
      </select>
    </label>
  );
}

const TONES: Readonly<Record<string, Tone>> = {
  released: 'info',
  open: 'neutral',
  picking: 'warning',
  picked: 'success',
  packed: 'info',
  shipped: 'success',
  delivered: 'success',
  short: 'warning',
  cancelled: 'muted',
  voided: 'muted',
  done: 'success',
};

/** A wave, pick list, task or shipment status in the reader's language. */
export function FloorStatus({ status }: { status: string }) {
  const { t } = useI18n();
  const key = `warehouse.status.${status}` as TextKey;
  const text = t(key);
  return <Badge tone={TONES[status] ?? 'neutral'}>{text === key ? status : text}</Badge>;
}

/** A progress bar with its figures for screen readers and people alike. */
export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  const value = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <div className="wh-progress">
      <progress max={100} value={value} aria-label={label} />
      <span className="small num">
        {done}/{total}
      </span>
    </div>
  );
}
