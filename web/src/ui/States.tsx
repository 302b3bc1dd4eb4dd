import type { ReactNode } from 'react';
import { apiErrorText } from '../api/error-messages';
import { ApiError } from '../api/errors';
import { useI18n } from '../i18n/i18n';
import { Button } from './Button';

export function Spinner({ label }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" aria-live="polite">
      <Spinner label={label ?? t('app.loading')} />
      <span>{label ?? t('app.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

/** What an error means for a person: the server's message, or ours for a network failure. */
export function useErrorMessage(): (error: unknown) => string {
  const { t, lang } = useI18n();
  return (error) => {
    if (error instanceof ApiError)
      return error.code === 'network_error' ? t('errors.network') : apiErrorText(error, lang);
    return error instanceof Error ? error.message : String(error);
  };
}

export function ErrorState({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const message = useErrorMessage();
  const requestId = error instanceof ApiError ? error.requestId : null;
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{title ?? t('errors.title')}</p>
      <p>{message(error)}</p>
      {requestId ? <p className="muted small">{t('errors.requestId', { id: requestId })}</p> : null}
      {onRetry ? (
        <Button variant="secondary" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      ) : null}
    </div>
  );
}

/** An error shown where the action was tried (in a dialog or a form). */
export function InlineError({ error }: { error: unknown }) {
  const { t } = useI18n();
  const message = useErrorMessage();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : null;
  return (
    <div className="inline-error" role="alert" data-code={code ?? undefined}>
      <p>{message(error)}</p>
      {error instanceof ApiError && error.requestId ? (
        <p className="muted small">{t('errors.requestId', { id: error.requestId })}</p>
      ) : null}
    </div>
  );
}
