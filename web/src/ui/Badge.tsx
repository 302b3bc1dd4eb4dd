import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger' | 'muted';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONES: Readonly<Record<string, Tone>> = {
  pending: 'neutral',
  allocated: 'info',
  partially_allocated: 'warning',
  backordered: 'warning',
  unfulfillable: 'danger',
  in_fulfilment: 'info',
  partially_shipped: 'info',
  shipped: 'success',
  delivered: 'success',
  cancelled: 'muted',
};

/** An order or allocation status, in the reader's language and a colour that says how it stands. */
export function StatusBadge({ status }: { status: string }) {
  const { label } = useI18n();
  return <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{label('status', status)}</Badge>;
}
