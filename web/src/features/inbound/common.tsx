import { ApiError } from '../../api/errors';
import { type TextKey, useI18n } from '../../i18n/i18n';
import { Badge, type Tone } from '../../ui';

const TONES: Readonly<Record<string, Tone>> = {
  draft: 'neutral',
  sent: 'info',
  partially_received: 'warning',
  received: 'success',
  closed: 'muted',
  cancelled: 'muted',
  requested: 'neutral',
  shipped: 'info',
  open: 'neutral',
  counted: 'warning',
  done: 'success',
  approved: 'success',
  rejected: 'danger',
  authorised: 'info',
  pending: 'warning',
  decided: 'success',
  not_required: 'muted',
  accepted: 'success',
  partial: 'warning',
  none: 'success',
  short: 'warning',
  over: 'warning',
  damaged: 'danger',
  wrong_item: 'danger',
};

/** A purchase order, receipt, transfer, count or return status in the reader's language. */
export function InStatus({ status, testId }: { status: string; testId?: string }) {
  const { t } = useI18n();
  const key = `inbound.status.${status}` as TextKey;
  const text = t(key);
  return (
    <span data-testid={testId} data-status={status}>
      <Badge tone={TONES[status] ?? 'neutral'}>{text === key ? status : text}</Badge>
    </span>
  );
}

/** A select of codes with an "any" first option, for list filters. */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange(value: string): void;
  testId?: string;
}) {
  const { t } = useI18n();
  return (
    <label className="wh-select">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">{t('common.all')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Where an X12 document is wrong, from the refusal's details, in the reader's language. */
export function EdiWhere({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!(error instanceof ApiError) || error.code !== 'invalid_edi') return null;
  const { segment, position, element } = error.details as {
    segment?: unknown;
    position?: unknown;
    element?: unknown;
  };
  if (typeof segment !== 'string') return null;
  return (
    <p className="notice notice-danger" data-testid="edi-where">
      {t('inbound.edi.where', {
        segment,
        position: typeof position === 'number' ? position : '?',
        element: typeof element === 'number' ? String(element).padStart(2, '0') : '—',
      })}
    </p>
  );
}
