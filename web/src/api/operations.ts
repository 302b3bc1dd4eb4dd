import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotent, unwrap } from './client';
import { ApiError, errorFromResponse, networkError } from './errors';
import { newIdempotencyKey } from './idempotency';
import { keys } from './queries';
import type { components, operations } from './schema';
import type { OrderDetail } from './types';

/**
 * The hooks behind shipments, order edits and imports, counts, transfers, the locations tree and reorder
 * points. Like queries.ts, screens use these and never call the client directly.
 */

type Body<Op extends keyof operations> = NonNullable<
  operations[Op]['requestBody']
>['content']['application/json'];
type Ok<Op extends keyof operations, Status extends number = 200> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type Shipment = components['schemas']['Shipment'];
export type ShipBody = Body<'shipShipment'>;
export type EditBody = Body<'editOrder'>;
export type CountBody = Body<'countStock'>;
export type CountResult = Ok<'countStock', 201>;
export type TransferBody = Body<'transferStock'>;
export type ReorderPoints = Ok<'getReorderPoints'>;
export type ImportReport = Ok<'importOrders'>;
export type ImportMode = ImportReport['mode'];

export const opKeys = {
  shipments: (orderId: string) => ['shipments', 'byOrder', orderId] as const,
  reorderPoints: (sku: string) => ['reorderPoints', sku.toUpperCase()] as const,
  locationsTree: ['locations', 'tree'] as const,
  locationStock: (code: string) => ['stock', 'byLocation', code.toUpperCase()] as const,
};

// Shipments ------------------------------------------------------------------------------------------------

export function useShipments(orderId: string, enabled: boolean) {
  return useQuery({
    queryKey: opKeys.shipments(orderId),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/shipments', { params: { query: { order: orderId, limit: 100 } }, signal })).then(
        (p) => p.items,
      ),
    enabled,
  });
}

export type ShipmentAction =
  | { kind: 'create'; warehouse?: string }
  | { kind: 'ship'; id: string; body: ShipBody }
  | { kind: 'void'; id: string; reason: string }
  | { kind: 'deliver'; id: string };

function postShipmentAction(orderId: string, action: ShipmentAction, key: string): Promise<Shipment> {
  const options = idempotent(key);
  switch (action.kind) {
    case 'create':
      return unwrap(
        api.POST('/v1/shipments', {
          body: { order: orderId, ...(action.warehouse ? { warehouse: action.warehouse } : {}) },
          ...options,
        }),
      );
    case 'ship':
      return unwrap(
        api.POST('/v1/shipments/{id}/ship', {
          params: { path: { id: action.id } },
          body: action.body,
          ...options,
        }),
      );
    case 'void':
      return unwrap(
        api.POST('/v1/shipments/{id}/void', {
          params: { path: { id: action.id } },
          body: { reason: action.reason },
          ...options,
        }),
      );
    case 'deliver':
      return unwrap(
        api.POST('/v1/shipments/{id}/deliver', { params: { path: { id: action.id } }, body: {}, ...options }),
      );
  }
}

/** Creates, ships, voids or delivers a shipment of an order; the order and its shipments are read again. */
export function useShipmentAction(orderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, key }: { action: ShipmentAction; key: string }) =>
      postShipmentAction(orderId, action, key),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: opKeys.shipments(orderId) });
      void client.invalidateQueries({ queryKey: keys.order(orderId) });
      void client.invalidateQueries({ queryKey: keys.ordersAll, refetchType: 'none' });
      void client.invalidateQueries({ queryKey: ['stock'] });
    },
  });
}

// Order edit -----------------------------------------------------------------------------------------------

/** Edits an order with compare-and-set on its version; the server's order replaces the cached one. */
export function useEditOrder(orderId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: EditBody; key: string }) =>
      unwrap(
        api.POST('/v1/orders/{id}/edit', { params: { path: { id: orderId } }, body, ...idempotent(key) }),
      ),
    onSuccess: (order) => {
      client.setQueryData<OrderDetail>(keys.order(orderId), (old) => ({
        ...order,
        timeline: old?.timeline ?? [],
      }));
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.order(orderId) });
      void client.invalidateQueries({ queryKey: keys.ordersAll, refetchType: 'none' });
      void client.invalidateQueries({ queryKey: ['stock'] });
    },
  });
}

// Order import ---------------------------------------------------------------------------------------------

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Sends a CSV file to POST /v1/orders/imports with XMLHttpRequest rather than fetch, because only XHR
 * reports upload progress. A refused file (422 import_rejected) still has a report: it comes back as the
 * ApiError's details.report.
 */
export function uploadOrderImport(options: {
  channel: string;
  mode: ImportMode;
  file: Blob;
  csrfToken: string;
  onProgress(progress: UploadProgress): void;
  signal?: AbortSignal;
}): Promise<ImportReport> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ channel: options.channel, mode: options.mode });
    xhr.open('POST', `/v1/orders/imports?${query.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-csrf-token', options.csrfToken);
    xhr.setRequestHeader('idempotency-key', newIdempotencyKey());
    xhr.upload.onprogress = (e) => {
      options.onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : options.file.size });
    };
    xhr.onerror = () => reject(networkError(new Error('upload failed')));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as ImportReport);
        return;
      }
      const headers = new Headers();
      const requestId = xhr.getResponseHeader('x-request-id');
      if (requestId) headers.set('x-request-id', requestId);
      reject(errorFromResponse(new Response(null, { status: xhr.status, headers }), body));
    };
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(options.file);
  });
}

/** The report inside a 422 import_rejected, when the whole file was refused. */
export function rejectedReport(error: unknown): ImportReport | null {
  if (!(error instanceof ApiError) || error.code !== 'import_rejected') return null;
  const report = error.details.report;
  return typeof report === 'object' && report !== null ? (report as ImportReport) : null;
}

// Counts and transfers -------------------------------------------------------------------------------------

function invalidateStock(client: ReturnType<typeof useQueryClient>, sku: string) {
  void client.invalidateQueries({ queryKey: keys.stock(sku) });
  void client.invalidateQueries({ queryKey: keys.movesAll });
  void client.invalidateQueries({ queryKey: ['stock', 'byLocation'] });
  void client.invalidateQueries({ queryKey: opKeys.reorderPoints(sku) });
  // A transfer through transit changes the transfers list and the SKU's incoming units.
  void client.invalidateQueries({ queryKey: ['transfers'] });
}

export function useCountStock(sku: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CountBody; key: string }) =>
      unwrap(api.POST('/v1/stock/counts', { body, ...idempotent(key) })),
    onSettled: () => invalidateStock(client, sku),
  });
}

export function useTransferStock(sku: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: TransferBody; key: string }) =>
      unwrap(api.POST('/v1/stock/transfers', { body, ...idempotent(key) })),
    onSettled: () => invalidateStock(client, sku),
  });
}

// Locations and reorder points -----------------------------------------------------------------------------

/** Every physical location (warehouses, zones, bins), page after page, for the tree. */
export function useLocationsTree(enabled: boolean) {
  return useQuery({
    queryKey: opKeys.locationsTree,
    queryFn: async ({ signal }) => {
      const all: components['schemas']['Location'][] = [];
      let cursor: string | null = null;
      do {
        const page: { items: components['schemas']['Location'][]; nextCursor: string | null } = await unwrap(
          api.GET('/v1/locations', {
            params: { query: { limit: 500, includeArchived: true, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        );
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return all;
    },
    enabled,
    staleTime: 60_000,
  });
}

/** Stock held at one location (and, for a warehouse or zone, the locations under it). */
export function useLocationStock(code: string | null) {
  return useQuery({
    queryKey: opKeys.locationStock(code ?? ''),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/stock', { params: { query: { location: code ?? '', limit: 500 } }, signal })),
    enabled: code !== null && code !== '',
  });
}

export function useReorderPoints(sku: string, enabled: boolean) {
  return useQuery({
    queryKey: opKeys.reorderPoints(sku),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/skus/{code}/reorder-points', { params: { path: { code: sku } }, signal })),
    enabled,
  });
}

/** Warehouse codes, for pickers. */
export function useWarehouses(enabled: boolean) {
  return useQuery({
    queryKey: ['locations', 'warehouses'] as const,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/locations', { params: { query: { kind: 'warehouse', limit: 500 } }, signal })).then(
        (p) => p.items.map((l) => l.code),
      ),
    enabled,
    staleTime: 5 * 60_000,
  });
}
