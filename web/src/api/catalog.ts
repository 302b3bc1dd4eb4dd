import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { incomingByLocation } from '../lib/incoming';
import { api, idempotent, unwrap } from './client';
import { ApiError, errorFromResponse, networkError } from './errors';
import { newIdempotencyKey } from './idempotency';
import { opKeys } from './operations';
import { keys } from './queries';
import type { components, operations } from './schema';
import type { Sku } from './types';

/**
 * The hooks behind catalog upkeep (create, edit, archive, import SKUs; kit components) and the stock work
 * that the first screens lacked (receipts, scraps, transfers received, locations created or removed,
 * reorder points edited). Like queries.ts, screens use these and never call the client directly.
 */

type Body<Op extends keyof operations> = NonNullable<
  operations[Op]['requestBody']
>['content']['application/json'];
type Ok<Op extends keyof operations, Status extends number = 200> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type CreateSkuBody = Body<'createSku'>;
export type UpdateSkuBody = Body<'updateSku'>;
export type SkuImportReport = Ok<'importSkus'>;
export type SkuImportMode = SkuImportReport['mode'];
export type SkuComponents = Ok<'getSkuComponents'>;
export type ReceiptBody = Body<'receiveStock'>;
export type ScrapBody = Body<'scrapStock'>;
export type ScrapReason = ScrapBody['reason'];
export type Transfer = components['schemas']['Transfer'];
export type ReceiveTransferBody = Body<'receiveTransfer'>;
export type CreateLocationBody = Body<'createLocation'>;
export type ReorderPointsBody = Body<'setReorderPoints'>;

/** Scrap reasons (src/modules/inventory/domain/reasons.ts). */
export const SCRAP_REASONS: readonly ScrapReason[] = ['damage', 'expired', 'defective', 'recall', 'other'];

export const catalogKeys = {
  components: (sku: string) => ['skus', 'components', sku.toUpperCase()] as const,
  transfers: (status: string) => ['transfers', 'list', status] as const,
  transfersAll: ['transfers'] as const,
  inTransit: ['transfers', 'inTransit'] as const,
};

// SKUs -----------------------------------------------------------------------------------------------------

function invalidateSku(client: ReturnType<typeof useQueryClient>, sku: Sku) {
  client.setQueryData(keys.sku(sku.code), sku);
  void client.invalidateQueries({ queryKey: ['skus', 'list'] });
}

export function useCreateSku() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateSkuBody; key: string }) =>
      unwrap(api.POST('/v1/skus', { body, ...idempotent(key) })),
    onSuccess: (sku) => invalidateSku(client, sku),
  });
}

/** Edits a SKU with the version it was read at, so a change made meanwhile is refused, not overwritten. */
export function useUpdateSku(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSkuBody) =>
      unwrap(api.PATCH('/v1/skus/{code}', { params: { path: { code } }, body })),
    onSuccess: (sku) => invalidateSku(client, sku),
  });
}

export function useArchiveSku(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (verb: 'archive' | 'restore') =>
      unwrap(
        verb === 'archive'
          ? api.POST('/v1/skus/{code}/archive', { params: { path: { code } }, body: {} })
          : api.POST('/v1/skus/{code}/restore', { params: { path: { code } }, body: {} }),
      ),
    onSuccess: (sku) => invalidateSku(client, sku),
  });
}

/**
 * Sends a CSV file to POST /v1/skus/imports (text/csv). A refused file (422 import_rejected) still has a
 * report: it is in the ApiError's details.report (see skuImportReportOf).
 */
export async function importSkus(options: {
  file: Blob;
  mode: SkuImportMode;
  csrfToken: string;
}): Promise<SkuImportReport> {
  let response: Response;
  try {
    response = await fetch(`/v1/skus/imports?${new URLSearchParams({ mode: options.mode }).toString()}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'text/csv',
        accept: 'application/json',
        'x-csrf-token': options.csrfToken,
        'idempotency-key': newIdempotencyKey(),
      },
      body: options.file,
    });
  } catch (e) {
    throw networkError(e);
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw errorFromResponse(response, body);
  return body as SkuImportReport;
}

export function useImportSkus() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: importSkus,
    onSettled: () => void client.invalidateQueries({ queryKey: ['skus'] }),
  });
}

/** The report inside a 422 import_rejected, when the whole file was refused. */
export function skuImportReportOf(error: unknown): SkuImportReport | null {
  if (!(error instanceof ApiError) || error.code !== 'import_rejected') return null;
  const report = error.details.report;
  return typeof report === 'object' && report !== null ? (report as SkuImportReport) : null;
}

export function useSkuComponents(code: string) {
  return useQuery({
    queryKey: catalogKeys.components(code),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/skus/{code}/components', { params: { path: { code } }, signal })),
  });
}

export function useSetSkuComponents(code: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (components: { sku: string; qty: number }[]) =>
      unwrap(api.PUT('/v1/skus/{code}/components', { params: { path: { code } }, body: { components } })),
    onSuccess: (data) => client.setQueryData(catalogKeys.components(code), data),
    onSettled: () => void client.invalidateQueries({ queryKey: keys.sku(code) }),
  });
}

// Receipts, scraps, transfers ------------------------------------------------------------------------------

function invalidateStock(client: ReturnType<typeof useQueryClient>) {
  void client.invalidateQueries({ queryKey: ['stock'] });
  void client.invalidateQueries({ queryKey: ['reorderPoints'] });
  void client.invalidateQueries({ queryKey: catalogKeys.transfersAll });
}

export function useReceiveStock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ReceiptBody; key: string }) =>
      unwrap(api.POST('/v1/stock/receipts', { body, ...idempotent(key) })),
    onSettled: () => invalidateStock(client),
  });
}

export function useScrapStock() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: ScrapBody; key: string }) =>
      unwrap(api.POST('/v1/stock/scraps', { body, ...idempotent(key) })),
    onSettled: () => invalidateStock(client),
  });
}

/** Every transfer with the status (or all), page after page; the API filters by status only. */
async function fetchTransfers(status: 'in_transit' | 'received' | null, signal: AbortSignal) {
  const all: Transfer[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Transfer[]; nextCursor: string | null } = await unwrap(
      api.GET('/v1/stock/transfers', {
        params: { query: { limit: 500, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } },
        signal,
      }),
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && all.length < 5000);
  return all;
}

/**
 * Transfers for the Transfers page: those in transit first (the work to do), then the received ones, each
 * group newest first as the API sends them.
 */
export function useTransfers(filter: 'all' | 'in_transit' | 'received') {
  return useQuery({
    queryKey: catalogKeys.transfers(filter),
    queryFn: async ({ signal }) => {
      if (filter !== 'all') return fetchTransfers(filter, signal);
      const [open, done] = await Promise.all([
        fetchTransfers('in_transit', signal),
        fetchTransfers('received', signal),
      ]);
      return [...open, ...done];
    },
  });
}

/**
 * Units of one SKU in transit, by destination location (whose warehouse is its first path segment).
 * GET /v1/stock/transfers filters by status only (no SKU or destination filter), so every in-transit
 * transfer is read and summed here, in the browser.
 */
export function useIncoming(sku: string, enabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.inTransit,
    queryFn: ({ signal }) => fetchTransfers('in_transit', signal),
    enabled,
    select: (transfers) => incomingByLocation(transfers, sku),
  });
}

export function useReceiveTransfer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: ReceiveTransferBody; key: string }) =>
      unwrap(
        api.POST('/v1/stock/transfers/{id}/receive', { params: { path: { id } }, body, ...idempotent(key) }),
      ),
    onSettled: () => invalidateStock(client),
  });
}

// Locations and reorder points -----------------------------------------------------------------------------

function invalidateLocations(client: ReturnType<typeof useQueryClient>) {
  void client.invalidateQueries({ queryKey: ['locations'] });
}

export function useCreateLocation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateLocationBody) => unwrap(api.POST('/v1/locations', { body })),
    onSettled: () => invalidateLocations(client),
  });
}

export type LocationUsage = components['schemas']['Location']['usage'];

/** A zone's or bin's usage (a zone's bins follow it); 409 location_has_reservations while units are held there. */
export function useSetLocationUsage() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ code, usage }: { code: string; usage: LocationUsage }) =>
      unwrap(api.PUT('/v1/locations/{code}/usage', { params: { path: { code } }, body: { usage } })),
    onSettled: () => {
      invalidateLocations(client);
      // Stock at a location that stops (or starts) being storage stops (or starts) being available.
      void client.invalidateQueries({ queryKey: ['stock'] });
    },
  });
}

export function useRemoveLocation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ code, verb }: { code: string; verb: 'archive' | 'delete' }): Promise<void> => {
      if (verb === 'archive')
        await unwrap(api.POST('/v1/locations/{code}/archive', { params: { path: { code } }, body: {} }));
      else await unwrap(api.DELETE('/v1/locations/{code}', { params: { path: { code } } }));
    },
    onSettled: () => invalidateLocations(client),
  });
}

export function useSetReorderPoints(sku: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ReorderPointsBody) =>
      unwrap(api.PUT('/v1/skus/{code}/reorder-points', { params: { path: { code: sku } }, body })),
    onSuccess: (data) => client.setQueryData(opKeys.reorderPoints(sku), data),
  });
}
