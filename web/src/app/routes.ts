import type { TextKey } from '../i18n/i18n';

/** The screens in the navigation, each shown only to roles holding its permission. */
export const NAV_ITEMS: readonly { to: string; label: TextKey; permission: string }[] = [
  { to: '/orders', label: 'nav.orders', permission: 'orders.read' },
  { to: '/skus', label: 'nav.inventory', permission: 'catalog.read' },
];
