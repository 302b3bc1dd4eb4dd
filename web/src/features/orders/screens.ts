// The orders area's screens, one chunk loaded on first use (see app/lazy-screens.tsx).
export { ImportOrdersPage } from './ImportOrdersPage';
export { OrderPage } from './OrderPage';
export { OrdersPage } from './OrdersPage';
