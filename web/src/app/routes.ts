import type { TextKey } from '../i18n/i18n';

/** The screens in the navigation, each shown only to roles holding its permission. */
export const NAV_ITEMS: readonly { to: string; label: TextKey; permission: string }[] = [
  { to: '/', label: 'nav.dashboard', permission: 'orders.read' },
  { to: '/orders', label: 'nav.orders', permission: 'orders.read' },
  { to: '/skus', label: 'nav.inventory', permission: 'catalog.read' },
  { to: '/locations', label: 'nav.locations', permission: 'locations.read' },
  { to: '/transfers', label: 'catalog.nav.transfers', permission: 'stock.read' },
  // Picking and the pack station open from the Warehouse screen (and from each other), not from the bar:
  // the bar stays one line wide for the roles that see every screen.
  { to: '/warehouse', label: 'warehouse.nav.floor', permission: 'shipments.read' },
  // Purchase orders, receiving, put-away, transfer orders, counts and returns: one entry, tabs inside.
  { to: '/inbound', label: 'inbound.nav', permission: 'stock.read' },
  { to: '/reservations', label: 'account.reservations.title', permission: 'reservations.read' },
  // Settings holds staff, keys, channels, hold rules and webhooks; users.read is held by exactly the roles
  // that manage any of them (owner, admin, manager), so a warehouse operator, who may only read channels,
  // gets no Settings entry. Each tab checks its own permission.
  { to: '/settings', label: 'settings.title', permission: 'users.read' },
  { to: '/reports', label: 'reports.title', permission: 'audit.read' },
];
