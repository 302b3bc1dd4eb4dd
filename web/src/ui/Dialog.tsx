import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/i18n';

interface DialogProps {
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  /** Buttons at the bottom; the form's submit button goes here. */
  footer: ReactNode;
  onClose(): void;
  /** When given, the dialog body is a form and Enter submits it. */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** Blocks closing while an action runs. */
  isBusy?: boolean;
}

/**
 * A modal dialog on the native <dialog> element: the page behind is inert, Escape closes, focus moves to
 * the first field (or the element marked data-autofocus) on open and back to whatever opened it on close.
 * Render it only while it is open.
 */
export function Dialog({
  title,
  description,
  children,
  footer,
  onClose,
  onSubmit,
  isBusy = false,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const { t } = useI18n();
  const busy = useRef(isBusy);
  busy.current = isBusy;
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea') ??
      dialog.querySelector<HTMLElement>('.dialog-footer button');
    target?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      if (!busy.current) close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // The opener may have been replaced by a re-render; then focus stays where the browser puts it.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const body = (
    <>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button
          type="button"
          className="icon-button"
          onClick={() => !isBusy && onClose()}
          aria-label={t('common.close')}
        >
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <div className="dialog-body">
        {description ? (
          <div className="dialog-description" id={descriptionId}>
            {description}
          </div>
        ) : null}
        {children}
      </div>
      <div className="dialog-footer">{footer}</div>
    </>
  );

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
    >
      {onSubmit ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit(e);
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>
  );
}
