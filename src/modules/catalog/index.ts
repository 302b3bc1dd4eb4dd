/**
 * Catalog: SKUs, the things Coulisse counts. Other modules use `resolveSkuRefs` to turn codes into ids
 * inside their own transaction, and the error helpers for consistent codes.
 */
import './errors.js';

export { registerSkuCommands } from './cli/skus.js';
export { archiveSku } from './commands/archive-sku.js';
export { type CreateSkuInput, createSku } from './commands/create-sku.js';
export { type ImportMode, type ImportSkusReport, importSkus } from './commands/import-skus.js';
export {
  getSkuComponents,
  type KitComponent,
  type KitDefinition,
  setSkuComponents,
} from './commands/set-sku-components.js';
export { type UpdateSkuInput, updateSku } from './commands/update-sku.js';
export { resolveSkuRefs, type Sku, type SkuRef } from './db/skus.js';
export { validateSkuFields } from './domain/sku.js';
export { skuArchived, skuNotFound, unknownSku } from './errors.js';
export { catalogRoutes } from './http/routes.js';
export { getSku } from './queries/get-sku.js';
export { listSkus } from './queries/list-skus.js';
