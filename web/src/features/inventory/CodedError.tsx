import { apiErrorMessage } from '../../api/error-messages';
import { ApiError } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { InlineError } from '../../ui';

/** An API refusal where the action was tried, with its stable code beside the message. */
export function CodedError({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="coded-error">
      <InlineError error={error} />
      {error instanceof ApiError ? (
        <p className="muted small mono" data-testid="error-code">
          {t('catalog.errorCode', { code: error.code })}
        </p>
      ) : null}
    </div>
  );
}

/** "message (code)" for an API error that belongs under one field, else null. */
export function fieldError(error: unknown, matches: (code: string, field: string | null) => boolean) {
  if (!(error instanceof ApiError) || !matches(error.code, error.field)) return null;
  return `${apiErrorMessage(error)} (${error.code})`;
}
