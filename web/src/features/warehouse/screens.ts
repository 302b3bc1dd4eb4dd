// The warehouse floor's screens (waves, picking, packing), one chunk loaded on first use.
export { PackHome, PackShipmentPage } from './PackPage';
export { PickingHome, PickListPage } from './PickingPage';
export { WarehousePage } from './WarehousePage';
export { WavePage } from './WavePage';
