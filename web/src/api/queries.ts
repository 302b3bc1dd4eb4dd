import {
  type InfiniteData,
  keepPreviousData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, idempotent, unwrap } from './client';
import { ApiError } from './errors';
import type {
  AdjustBody,
  CancelBody,
  Me,
  MovesQuery,
  Order,
  OrderDetail,
  OrdersQuery,
  Page,
  StockReport,
} from './types';

/**
 * Query keys and hooks: one place that says what is cached under which key, and which keys a change
 * makes stale. Screens use these hooks and never call the client directly.
 */
export const keys = {
  me: ['me'] as const,
  orders: (filters: OrdersQuery) => ['orders', 'list', filters] as const,
  ordersAll: ['orders', 'list'] as const,
  order: (id: string) => ['orders', 'detail', id] as const,
  channels: ['channels'] as const,
  skus: (query: string, includeArchived: boolean) => ['skus', 'list', { query, includeArchived }] as const,
  sku: (code: string) => ['skus', 'detail', code.toUpperCase()] as const,
  stock: (sku: string) => ['stock', 'bySku', sku.toUpperCase()] as const,
  moves: (filters: MovesQuery) => ['stock', 'moves', filters] as const,
  movesAll: ['stock', 'moves'] as const,
  locations: ['locations', 'physical'] as const,
  userNames: ['users', 'names'] as const,
};

/** The signed-in principal, or null when signed out (401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET('/v1/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

const ORDERS_PAGE = 100;

export function useOrders(filters: OrdersQuery) {
  return useInfiniteQuery({
    queryKey: keys.orders(filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/v1/orders', {
          params: { query: { ...filters, limit: ORDERS_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // While a new filter loads, the previous rows stay (dimmed) instead of a blank list.
    placeholderData: keepPreviousData,
  });
}

export function useOrder(id: string) {
  return useQuery({
    queryKey: keys.order(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/orders/{id}', { params: { path: { id } }, signal })),
  });
}

export function useChannels(enabled: boolean) {
  return useQuery({
    queryKey: keys.channels,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/channels', { params: { query: { limit: 500 } }, signal })).then((p) => p.items),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useSkus(query: string, includeArchived: boolean) {
  return useInfiniteQuery({
    queryKey: keys.skus(query, includeArchived),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/v1/skus', {
          params: {
            query: {
              ...(query ? { query } : {}),
              includeArchived,
              limit: 50,
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useSku(code: string) {
  return useQuery({
    queryKey: keys.sku(code),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/skus/{code}', { params: { path: { code } }, signal })),
  });
}

export function useStock(sku: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.stock(sku),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/stock', { params: { query: { sku, limit: 500 } }, signal })),
    enabled,
  });
}

export function useMoves(filters: MovesQuery, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: keys.moves(filters),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/v1/stock/moves', {
          params: { query: { ...filters, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });
}

/** Physical locations, for choosing where to adjust. */
export function useLocations(enabled: boolean) {
  return useQuery({
    queryKey: keys.locations,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/locations', { params: { query: { limit: 500 } }, signal })).then((p) => p.items),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** User id → name, to show people rather than ids in histories (only for those who may list users). */
export function useUserNames(enabled: boolean) {
  return useQuery({
    queryKey: keys.userNames,
    queryFn: async ({ signal }) => {
      const page = await unwrap(api.GET('/v1/users', { params: { query: { limit: 500 } }, signal }));
      return new Map(page.items.map((u) => [u.id, u.name]));
    },
    enabled,
    staleTime: 10 * 60_000,
  });
}

// Order actions -------------------------------------------------------------------------------------------

export type OrderAction =
  | { kind: 'hold'; reason: string }
  | { kind: 'release'; reason?: string }
  | { kind: 'reallocate'; reason?: string }
  | { kind: 'cancel'; body: CancelBody };

function postOrderAction(id: string, action: OrderAction, key: string): Promise<Order> {
  const params = { path: { id } };
  const options = idempotent(key);
  switch (action.kind) {
    case 'hold':
      return unwrap(
        api.POST('/v1/orders/{id}/hold', { params, body: { reason: action.reason }, ...options }),
      );
    case 'release':
      return unwrap(
        api.POST('/v1/orders/{id}/release', {
          params,
          body: action.reason ? { reason: action.reason } : {},
          ...options,
        }),
      );
    case 'reallocate':
      return unwrap(
        api.POST('/v1/orders/{id}/reallocate', {
          params,
          body: action.reason ? { reason: action.reason } : {},
          ...options,
        }),
      );
    case 'cancel':
      return unwrap(api.POST('/v1/orders/{id}/cancel', { params, body: action.body, ...options }));
  }
}

/** Replaces the order in every cached list page, so lists agree with the detail at once. */
function patchOrderLists(client: QueryClient, order: Order) {
  client.setQueriesData<InfiniteData<Page<Order>>>({ queryKey: keys.ordersAll }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.map((o) => (o.id === order.id ? order : o)),
          })),
        }
      : data,
  );
}

/**
 * Runs an order action. Hold and release show at once (optimistic); every action then takes the order
 * the server returns, and the timeline is fetched again.
 */
export function useOrderAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, key }: { action: OrderAction; key: string }) => postOrderAction(id, action, key),
    onMutate: async ({ action }) => {
      if (action.kind !== 'hold' && action.kind !== 'release') return { previous: undefined };
      await client.cancelQueries({ queryKey: keys.order(id) });
      const previous = client.getQueryData<OrderDetail>(keys.order(id));
      if (previous) {
        client.setQueryData<OrderDetail>(keys.order(id), {
          ...previous,
          onHold: action.kind === 'hold',
          holdReason: action.kind === 'hold' ? action.reason : null,
        });
      }
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) client.setQueryData(keys.order(id), context.previous);
    },
    onSuccess: (order) => {
      client.setQueryData<OrderDetail>(keys.order(id), (old) => ({
        ...order,
        timeline: old?.timeline ?? [],
      }));
      patchOrderLists(client, order);
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.order(id) });
      void client.invalidateQueries({ queryKey: keys.ordersAll, refetchType: 'none' });
      // Cancelling or reallocating releases or takes stock.
      void client.invalidateQueries({ queryKey: ['stock'] });
    },
  });
}

// Stock adjustment ----------------------------------------------------------------------------------------

/**
 * Adjusts stock. The location's row moves by the delta at once (optimistic); the server's balances
 * replace it, and the history is fetched again.
 */
export function useAdjustStock(sku: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: AdjustBody; key: string }) =>
      unwrap(api.POST('/v1/stock/adjustments', { body, ...idempotent(key) })),
    onMutate: async ({ body }) => {
      await client.cancelQueries({ queryKey: keys.stock(sku) });
      const previous = client.getQueryData<StockReport>(keys.stock(sku));
      const same = (location: string) => location.toUpperCase() === body.location.toUpperCase();
      // Only a row on screen moves; a location new to this SKU appears when the server answers.
      if (previous?.items.some((i) => same(i.location))) {
        client.setQueryData<StockReport>(keys.stock(sku), {
          ...previous,
          items: previous.items.map((i) =>
            same(i.location)
              ? { ...i, onHand: i.onHand + body.delta, available: i.available + body.delta }
              : i,
          ),
          totals: {
            ...previous.totals,
            onHand: previous.totals.onHand + body.delta,
            available: previous.totals.available + body.delta,
          },
        });
      }
      return { previous };
    },
    onError: (_error, _vars, context) => {
      if (context?.previous) client.setQueryData(keys.stock(sku), context.previous);
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.stock(sku) });
      void client.invalidateQueries({ queryKey: keys.movesAll });
    },
  });
}
