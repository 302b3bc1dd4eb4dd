import { type FormEvent, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../../api/errors';
import { useSession } from '../../app/session';
import { LANGUAGES, type Lang, useI18n } from '../../i18n/i18n';
import { useDocumentTitle } from '../../lib/use-document-title';
import { Button, InlineError, Loading, TextField } from '../../ui';

interface FromState {
  from?: { pathname: string; search?: string };
}

/** Sign-in with email and password (POST /v1/auth/login); back to where the user was headed. */
export function LoginPage() {
  const { me, isLoading, notice, signIn } = useSession();
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  useDocumentTitle(t('auth.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [isSubmitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const from = (location.state as FromState | null)?.from;
  const target = from && from.pathname !== '/login' ? `${from.pathname}${from.search ?? ''}` : '/';

  if (isLoading) {
    return (
      <div className="page-center">
        <Loading />
      </div>
    );
  }
  if (me) return <Navigate to={target} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (e) {
      setError(e);
      setPassword('');
    } finally {
      setSubmitting(false);
    }
  };

  let shown: unknown = error;
  if (error instanceof ApiError && error.code === 'invalid_credentials') shown = new Error(t('auth.invalid'));
  if (error instanceof ApiError && error.code === 'login_throttled') {
    const seconds = Number(error.details.retryAfterSeconds ?? 0);
    shown = new Error(t('auth.throttled', { seconds }));
  }

  return (
    <div className="login">
      <div className="login-language">
        <label>
          <span className="visually-hidden">{t('header.language')}</span>
          <select
            value={lang}
            onChange={(e) => setLang(e.target.value as Lang)}
            aria-label={t('header.language')}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <main className="login-card">
        <div className="login-brand">
          <img src="/favicon.svg" alt="" width="40" height="40" />
          <div>
            <p className="login-name">{t('app.name')}</p>
            <p className="muted small">{t('app.tagline')}</p>
          </div>
        </div>
        <h1>{t('auth.title')}</h1>
        {notice === 'expired' ? (
          <p className="notice notice-warning" role="status">
            {t('auth.expired')}
          </p>
        ) : notice === 'signedOut' ? (
          <p className="notice" role="status">
            {t('auth.signedOut')}
          </p>
        ) : (
          <p className="muted">{t('auth.intro')}</p>
        )}
        <form onSubmit={submit} className="form" noValidate>
          <TextField
            label={t('auth.email')}
            type="email"
            name="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
          <TextField
            label={t('auth.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
          <InlineError error={shown} />
          <Button
            type="submit"
            variant="primary"
            isLoading={isSubmitting}
            disabled={email.trim() === '' || password === ''}
          >
            {isSubmitting ? t('auth.submitting') : t('auth.submit')}
          </Button>
        </form>
      </main>
    </div>
  );
}
