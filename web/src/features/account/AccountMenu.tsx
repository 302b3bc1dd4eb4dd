import './account.css';
import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n';

// Most sessions never change the password: the dialog is fetched when it is first opened.
const ChangePasswordDialog = lazy(() =>
  import('./ChangePasswordDialog').then((m) => ({ default: m.ChangePasswordDialog })),
);

/**
 * Who is signed in (the summary: name, role, warehouses), opening a small menu with the own password
 * change and sign-out. A native <details>: keyboard-operable as it is; Escape and a click elsewhere close it.
 */
export function AccountMenu({
  who,
  details,
  onSignOut,
}: {
  who: ReactNode;
  /** Who and where in full, atop the open menu (the bar may have to shorten them). */
  details: string;
  onSignOut(): void;
}) {
  const { t } = useI18n();
  const menu = useRef<HTMLDetailsElement>(null);
  const [isPasswordOpen, setPasswordOpen] = useState(false);

  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        details.open = false;
        details.querySelector('summary')?.focus();
        return;
      }
      if (!details.contains(event.target as Node)) details.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close);
    };
  }, []);

  const choose = (action: () => void) => () => {
    if (menu.current) menu.current.open = false;
    action();
  };

  return (
    <>
      <details className="account-menu" ref={menu}>
        <summary className="account-summary">{who}</summary>
        <div className="account-menu-items">
          <p className="account-menu-details small">{details}</p>
          <button type="button" className="account-menu-item" onClick={choose(() => setPasswordOpen(true))}>
            {t('account.changePassword')}
          </button>
          <button type="button" className="account-menu-item" onClick={choose(onSignOut)}>
            {t('header.signOut')}
          </button>
        </div>
      </details>
      {isPasswordOpen ? (
        // A dialog arriving in a few milliseconds: nothing in the bar while it does, rather than a spinner.
        <Suspense fallback={null}>
          <ChangePasswordDialog onClose={() => setPasswordOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
