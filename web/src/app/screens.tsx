import { lazyScreens } from './lazy-screens';

/**
 * The signed-in screens of the top-level routes, each feature area in its own chunk fetched the first time
 * one of its screens opens (inbound, settings and reports load theirs in their own route files; the
 * dashboard's charts in DashboardHome). A picker on a phone downloads the shell and the warehouse screens,
 * not the charts, the order editor or the settings.
 */
const orders = lazyScreens(() => import('../features/orders/screens'));
export const OrdersPage = orders('OrdersPage');
export const ImportOrdersPage = orders('ImportOrdersPage');
export const OrderPage = orders('OrderPage');

const inventory = lazyScreens(() => import('../features/inventory/screens'));
export const SkusPage = inventory('SkusPage');
export const ImportSkusPage = inventory('ImportSkusPage');
export const SkuPage = inventory('SkuPage');
export const TransfersPage = inventory('TransfersPage');
export const LocationsPage = inventory('LocationsPage');

const warehouse = lazyScreens(() => import('../features/warehouse/screens'));
export const WarehousePage = warehouse('WarehousePage');
export const WavePage = warehouse('WavePage');
export const PickingHome = warehouse('PickingHome');
export const PickListPage = warehouse('PickListPage');
export const PackHome = warehouse('PackHome');
export const PackShipmentPage = warehouse('PackShipmentPage');

const reservations = lazyScreens(() => import('../features/reservations/screens'));
export const ReservationsPage = reservations('ReservationsPage');
export const ReservationPage = reservations('ReservationPage');
