import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { apiErrorText } from '../api/error-messages';
import { ApiError } from '../api/errors';
import { useI18n } from '../i18n/i18n';

export type ToastTone = 'success' | 'error' | 'info';

interface ToastItem {
  id: number;
  tone: ToastTone;
  title: string;
  description?: string | undefined;
}

interface ToastApi {
  show(toast: Omit<ToastItem, 'id'>): void;
  success(title: string, description?: string): void;
  /** Shows what went wrong, with the request id for a support ticket. */
  error(error: unknown, title?: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);
/** Errors stay until dismissed: there is something to read, maybe a request id to copy. */
const LIFETIME_MS: Record<ToastTone, number | null> = { success: 6000, info: 6000, error: null };
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const { t, lang } = useI18n();
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);

  const api = useMemo<ToastApi>(() => {
    const show = (toast: Omit<ToastItem, 'id'>) =>
      setToasts((all) => [...all.slice(-3), { ...toast, id: nextId++ }]);
    return {
      show,
      success: (title, description) => show({ tone: 'success', title, description }),
      error: (error, title) => {
        const message =
          error instanceof ApiError
            ? error.code === 'network_error'
              ? t('errors.network')
              : apiErrorText(error, lang)
            : error instanceof Error
              ? error.message
              : String(error);
        const requestId =
          error instanceof ApiError && error.requestId ? t('errors.requestId', { id: error.requestId }) : '';
        show({
          tone: 'error',
          title: title ?? t('errors.title'),
          description: [message, requestId].filter(Boolean).join(' '),
        });
      },
    };
  }, [t, lang]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toasts" aria-label="Notifications">
        {toasts.map((toast) => (
          <Toast key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext.Provider>
  );
}

function Toast({ toast, onDismiss }: { toast: ToastItem; onDismiss(id: number): void }) {
  const { t } = useI18n();
  useEffect(() => {
    const lifetime = LIFETIME_MS[toast.tone];
    if (lifetime === null) return;
    const timer = setTimeout(() => onDismiss(toast.id), lifetime);
    return () => clearTimeout(timer);
  }, [onDismiss, toast.id, toast.tone]);
  return (
    <div className={`toast toast-${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
      <div className="toast-text">
        <p className="toast-title">{toast.title}</p>
        {toast.description ? <p className="toast-description">{toast.description}</p> : null}
      </div>
      <button
        type="button"
        className="icon-button"
        onClick={() => onDismiss(toast.id)}
        aria-label={t('common.dismiss')}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

export function useToast(): ToastApi {
  const value = useContext(ToastContext);
  if (!value) throw new Error('useToast outside ToastProvider');
  return value;
}
