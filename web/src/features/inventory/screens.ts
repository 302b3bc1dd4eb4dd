// The inventory area's screens (SKUs, locations, transfers), one chunk loaded on first use.
export { ImportSkusPage } from './ImportSkusPage';
export { LocationsPage } from './LocationsPage';
export { SkuPage } from './SkuPage';
export { SkusPage } from './SkusPage';
export { TransfersPage } from './TransfersPage';
