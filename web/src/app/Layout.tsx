import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { AccountMenu } from '../features/account/AccountMenu';
import { LANGUAGES, type Lang, useI18n } from '../i18n/i18n';
import { Badge } from '../ui';
import { NAV_ITEMS } from './routes';
import { useMe, useSession } from './session';

/**
 * The shell around every signed-in screen: the brand, the screens the role may use, who is signed in
 * (name, role, warehouses), the language and sign-out. Below 860 px the navigation and the account
 * fold behind a menu button.
 */
export function Layout() {
  const { t, label, lang, setLang } = useI18n();
  const { can, signOut } = useSession();
  const me = useMe();
  const location = useLocation();
  const [isMenuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // A new screen: close the phone menu and move focus to the content, so keyboard and screen-reader
  // users start at the top of what changed rather than on the link they left.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation by design.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const items = NAV_ITEMS.filter((item) => can(item.permission));
  const scope =
    me.warehouses === null
      ? t('header.allWarehouses')
      : t('header.warehouses', { list: me.warehouses.join(', ') });

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar-row">
          <NavLink to="/" className="brand" aria-label={t('app.name')}>
            <img src="/favicon.svg" alt="" width="24" height="24" />
            <span>{t('app.name')}</span>
          </NavLink>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={isMenuOpen}
            aria-controls="topbar-panel"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="menu-icon" aria-hidden="true" />
            <span>{isMenuOpen ? t('nav.closeMenu') : t('nav.menu')}</span>
          </button>
        </div>
        <div id="topbar-panel" className={`topbar-panel${isMenuOpen ? ' is-open' : ''}`}>
          <nav aria-label={t('nav.label')} className="nav">
            {items.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.to === '/'}
                className={({ isActive }) => `nav-link${isActive ? ' is-active' : ''}`}
              >
                {t(item.label)}
              </NavLink>
            ))}
          </nav>
          <div className="account">
            <label className="language">
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
            <AccountMenu
              onSignOut={() => void signOut()}
              details={`${me.name} · ${scope}`}
              who={
                <span className="account-who" title={t('header.account', { name: me.name })}>
                  <span className="account-name" data-testid="account-name">
                    {me.name}
                  </span>
                  <span className="account-meta">
                    <Badge tone="info">{label('role', me.role)}</Badge>
                    <span className="muted small" data-testid="account-scope">
                      {scope}
                    </span>
                  </span>
                </span>
              }
            />
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <Outlet />
      </main>
    </div>
  );
}
