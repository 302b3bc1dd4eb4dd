import { type ReactNode, useState } from 'react';
import { NavLink } from 'react-router';
import { apiErrorMessage } from '../../api/error-messages';
import { ApiError } from '../../api/errors';
import { useSession } from '../../app/session';
import { type TextKey, useI18n } from '../../i18n/i18n';
import { Button, Dialog, useErrorMessage, useToast } from '../../ui';
import './settings.css';

export interface Tab {
  to: string;
  label: TextKey;
  permission: string;
}

/** The tabs of a screen with several views, each shown only when the role holds its permission. */
export function Tabs({ tabs, label }: { tabs: readonly Tab[]; label: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  return (
    <nav className="tabs" aria-label={label}>
      {tabs
        .filter((tab) => can(tab.permission))
        .map((tab) => (
          <NavLink
            key={tab.to}
            to={tab.to}
            className={({ isActive }) => `tab${isActive ? ' is-active' : ''}`}
          >
            {t(tab.label)}
          </NavLink>
        ))}
    </nav>
  );
}

/** A yes/no question before an action that cannot be taken back; the error stays in the dialog. */
export function ConfirmDialog({
  title,
  description,
  confirmLabel,
  variant = 'danger',
  isBusy,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  variant?: 'danger' | 'primary';
  isBusy: boolean;
  error: unknown;
  onConfirm(): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  return (
    <Dialog
      title={title}
      description={description}
      onClose={onClose}
      isBusy={isBusy}
      footer={
        <>
          <Button onClick={onClose} disabled={isBusy} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button variant={variant} onClick={onConfirm} isLoading={isBusy}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <FormError error={error} />
    </Dialog>
  );
}

/**
 * A secret the server shows once (an API key, a webhook's signing secret): in a read-only field with a
 * copy button and a warning that it cannot be seen again.
 */
export function SecretDialog({
  title,
  warning,
  label,
  secret,
  onClose,
}: {
  title: string;
  warning: string;
  label: string;
  secret: string;
  onClose(): void;
}) {
  const { t } = useI18n();
  const toast = useToast();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
      toast.success(t('settings.apiKeys.copied'));
    } catch {
      toast.show({ tone: 'info', title: t('settings.apiKeys.copyFailed') });
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <Button variant="primary" onClick={onClose}>
          {t('settings.apiKeys.stored')}
        </Button>
      }
    >
      <p className="notice notice-warning" role="note">
        {warning}
      </p>
      <div className="field">
        <label htmlFor="shown-once-secret">{label}</label>
        <div className="secret-row">
          <input
            id="shown-once-secret"
            className="mono"
            readOnly
            value={secret}
            data-testid="shown-once-secret"
            onFocus={(e) => e.currentTarget.select()}
          />
          <Button onClick={() => void copy()} data-autofocus>
            {copied ? '✓' : t('settings.apiKeys.copy')}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

/** Comma-separated text to a clean list (blanks dropped). */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An integer typed in a field, or null when it is not one within [min, max]. */
export function parseIntIn(text: string, min: number, max: number): number | null {
  if (!/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * The server's complaint about one field (`details.field`: `email`, `condition.currency`, `events[0]`),
 * to show under that field; every error also shows below the form with its code.
 */
export function fieldError(error: unknown, field: string): string | null {
  if (!(error instanceof ApiError) || !error.field) return null;
  const name = error.field.replace(/\//g, '.').replace(/^\.?body\./, '');
  return name === field || name.startsWith(`${field}.`) || name.startsWith(`${field}[`)
    ? apiErrorMessage(error)
    : null;
}

/** Warehouse checkboxes with an "all warehouses" switch. */
export function WarehousePicker({
  warehouses,
  selected,
  onChange,
  all,
  onAllChange,
  hint,
  error,
}: {
  warehouses: readonly string[];
  selected: readonly string[];
  onChange(next: string[]): void;
  all?: boolean;
  onAllChange?: (all: boolean) => void;
  hint?: string;
  error?: string | null;
}) {
  const { t } = useI18n();
  const toggle = (code: string, on: boolean) =>
    onChange(on ? [...selected, code].sort() : selected.filter((c) => c !== code));
  return (
    <fieldset className={`field checks${error ? ' field-invalid' : ''}`}>
      <legend>{t('settings.warehousesLegend')}</legend>
      {onAllChange ? (
        <label className="check">
          <input type="checkbox" checked={all ?? false} onChange={(e) => onAllChange(e.target.checked)} />
          {t('settings.allWarehouses')}
        </label>
      ) : null}
      <div className="check-grid">
        {warehouses.map((code) => (
          <label key={code} className="check">
            <input
              type="checkbox"
              disabled={all ?? false}
              checked={(all ?? false) || selected.includes(code)}
              onChange={(e) => toggle(code, e.target.checked)}
            />
            <span className="mono">{code}</span>
          </label>
        ))}
      </div>
      {hint ? <p className="field-hint">{hint}</p> : null}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

/**
 * What the server said about a form, where the form is: its message, and its stable code (with the
 * request id) for whoever has to look it up.
 */
export function FormError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const message = useErrorMessage();
  if (!error) return null;
  const api = error instanceof ApiError ? error : null;
  return (
    <div className="inline-error" role="alert" data-code={api?.code}>
      <p>{message(error)}</p>
      {api && api.code !== 'network_error' ? (
        <p className="muted small">
          <span className="mono">{api.code}</span>
          {api.requestId ? ` · ${t('errors.requestId', { id: api.requestId })}` : null}
        </p>
      ) : null}
    </div>
  );
}
