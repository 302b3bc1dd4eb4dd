import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

/** The settings screens' data: staff, API keys, channels, hold rules and webhooks, straight from /v1. */

type Schemas = components['schemas'];
type Body<Op extends keyof operations> = NonNullable<
  operations[Op]['requestBody']
>['content']['application/json'];

export type User = Schemas['User'];
export type ApiKey = Schemas['ApiKey'];
export type Channel = Schemas['Channel'];
export type HoldRule = Schemas['HoldRule'];
export type Webhook = Schemas['Webhook'];
export type Location = Schemas['Location'];
export type CreateUserBody = Body<'createUser'>;
export type UpdateUserBody = Body<'updateUser'>;
export type CreateApiKeyBody = Body<'createApiKey'>;
export type CreateChannelBody = Body<'createChannel'>;
export type UpdateChannelBody = Body<'updateChannel'>;
export type CreateHoldRuleBody = Body<'createHoldRule'>;
export type UpdateHoldRuleBody = Body<'updateHoldRule'>;
export type HoldCondition = CreateHoldRuleBody['condition'];
export type CreateWebhookBody = Body<'createWebhook'>;
export type UpdateWebhookBody = Body<'updateWebhook'>;
export type DeliveryStatus = NonNullable<
  NonNullable<operations['listWebhookDeliveries']['parameters']['query']>['status']
>;

/** Event types a webhook may subscribe to (EVENT_TYPES in src/modules/webhooks/commands/webhooks.ts). */
export const WEBHOOK_EVENTS = [
  'order.created',
  'order.allocated',
  'order.backordered',
  'order.held',
  'order.released',
  'order.cancelled',
  'order.updated',
  'order.shipped',
  'order.delivered',
  'stock.changed',
  'stock.low',
  'return.authorised',
  'return.received',
  'return.closed',
  'receipt.posted',
  'transfer.shipped',
  'transfer.received',
] as const;

export const CHANNEL_KINDS = ['web_shop', 'marketplace', 'social', 'point_of_sale', 'manual'] as const;
export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'dead'] as const;

/** Roles, most powerful first (ROLES in src/modules/access/domain/permissions.ts). */
export const ROLES = [
  'owner',
  'admin',
  'manager',
  'warehouse_operator',
  'purchasing',
  'accountant',
  'read_only',
] as const;
export type Role = (typeof ROLES)[number];

export const settingsKeys = {
  users: ['settings', 'users'] as const,
  apiKeys: ['settings', 'api-keys'] as const,
  channels: ['settings', 'channels'] as const,
  holdRules: ['settings', 'hold-rules'] as const,
  webhooks: ['settings', 'webhooks'] as const,
  deliveries: (id: string, status: string) => ['settings', 'webhooks', id, 'deliveries', status] as const,
  warehouses: ['settings', 'warehouses'] as const,
};

export function useUsers() {
  return useQuery({
    queryKey: settingsKeys.users,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/users', { params: { query: { limit: 500 } }, signal })).then((p) => p.items),
  });
}

export function useApiKeys(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.apiKeys,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/api-keys', { params: { query: { limit: 500 } }, signal })).then((p) => p.items),
    enabled,
  });
}

export function useSettingsChannels(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.channels,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/v1/channels', { params: { query: { limit: 500, includeArchived: true } }, signal }),
      ).then((p) => p.items),
    enabled,
  });
}

export function useHoldRules() {
  return useQuery({
    queryKey: settingsKeys.holdRules,
    queryFn: ({ signal }) => unwrap(api.GET('/v1/hold-rules', { signal })).then((p) => p.items),
  });
}

export function useWebhooks() {
  return useQuery({
    queryKey: settingsKeys.webhooks,
    queryFn: ({ signal }) => unwrap(api.GET('/v1/webhooks', { signal })).then((p) => p.items),
  });
}

export function useDeliveries(id: string, status: DeliveryStatus | '') {
  return useInfiniteQuery({
    queryKey: settingsKeys.deliveries(id, status),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/v1/webhooks/{id}/deliveries', {
          params: {
            path: { id },
            query: { limit: 50, ...(status ? { status } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Warehouse codes the signed-in user can see, to choose from. */
export function useWarehouses(enabled = true) {
  return useQuery({
    queryKey: settingsKeys.warehouses,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/locations', { params: { query: { kind: 'warehouse', limit: 500 } }, signal })).then(
        (p) =>
          p.items
            .filter((l) => l.kind === 'warehouse' && !l.isArchived)
            .map((l) => l.code)
            .sort(),
      ),
    enabled,
    staleTime: 5 * 60_000,
  });
}

/** A mutation that refreshes the given lists when it settles. */
function useSettingsMutation<V, R>(fn: (vars: V) => Promise<R>, invalidate: readonly (readonly string[])[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => {
      for (const queryKey of invalidate) void client.invalidateQueries({ queryKey });
    },
  });
}

export const useCreateUser = () =>
  useSettingsMutation(
    (body: CreateUserBody) => unwrap(api.POST('/v1/users', { body })),
    [settingsKeys.users, ['users']],
  );

export const useUpdateUser = () =>
  useSettingsMutation(
    ({ id, body }: { id: string; body: UpdateUserBody }) =>
      unwrap(api.PATCH('/v1/users/{id}', { params: { path: { id } }, body })),
    [settingsKeys.users, ['users']],
  );

export const useSetPassword = () =>
  useSettingsMutation(
    ({ id, password }: { id: string; password: string }) =>
      unwrap(api.POST('/v1/users/{id}/password', { params: { path: { id } }, body: { password } })),
    [],
  );

export const useCreateApiKey = () =>
  useSettingsMutation(
    (body: CreateApiKeyBody) => unwrap(api.POST('/v1/api-keys', { body })),
    [settingsKeys.apiKeys],
  );

export const useRevokeApiKey = () =>
  useSettingsMutation(
    (id: string) => unwrap(api.POST('/v1/api-keys/{id}/revoke', { params: { path: { id } }, body: {} })),
    [settingsKeys.apiKeys],
  );

export const useCreateChannel = () =>
  useSettingsMutation(
    (body: CreateChannelBody) => unwrap(api.POST('/v1/channels', { body })),
    [settingsKeys.channels, ['channels']],
  );

export const useUpdateChannel = () =>
  useSettingsMutation(
    ({ id, body }: { id: string; body: UpdateChannelBody }) =>
      unwrap(api.PATCH('/v1/channels/{id}', { params: { path: { id } }, body })),
    [settingsKeys.channels, ['channels']],
  );

export const useCreateHoldRule = () =>
  useSettingsMutation(
    (body: CreateHoldRuleBody) => unwrap(api.POST('/v1/hold-rules', { body })),
    [settingsKeys.holdRules],
  );

export const useUpdateHoldRule = () =>
  useSettingsMutation(
    ({ id, body }: { id: string; body: UpdateHoldRuleBody }) =>
      unwrap(api.PATCH('/v1/hold-rules/{id}', { params: { path: { id } }, body })),
    [settingsKeys.holdRules],
  );

export const useCreateWebhook = () =>
  useSettingsMutation(
    (body: CreateWebhookBody) => unwrap(api.POST('/v1/webhooks', { body })),
    [settingsKeys.webhooks],
  );

export const useUpdateWebhook = () =>
  useSettingsMutation(
    ({ id, body }: { id: string; body: UpdateWebhookBody }) =>
      unwrap(api.PATCH('/v1/webhooks/{id}', { params: { path: { id } }, body })),
    [settingsKeys.webhooks],
  );

export const useRetryDelivery = (webhookId: string) =>
  useSettingsMutation(
    (deliveryId: string) =>
      unwrap(
        api.POST('/v1/webhooks/{id}/deliveries/{deliveryId}/retry', {
          params: { path: { id: webhookId, deliveryId } },
          body: {},
        }),
      ),
    [['settings', 'webhooks']],
  );
