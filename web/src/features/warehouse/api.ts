import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

/**
 * The warehouse outbound calls: the floor report, waves, pick lists and scan-confirmed picks, and the pack
 * station (scans, parcels, documents, shipping). Screens use these hooks, never the client directly.
 */

type Body<Op extends keyof operations> = NonNullable<
  operations[Op]['requestBody']
>['content']['application/json'];
type Ok<Op extends keyof operations, Status extends number = 200> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer T } };
}
  ? T
  : never;

export type WarehouseReport = Ok<'getWarehouseDashboard'>;
export type Wave = components['schemas']['Wave'];
export type WaveListItem = Ok<'listWaves'>['items'][number];
export type PickListSummary = components['schemas']['PickListSummary'];
export type PickList = components['schemas']['PickList'];
export type PickTask = components['schemas']['PickTask'];
export type PickConfirmation = Ok<'confirmPickTask'>;
export type ShortOutcome = NonNullable<PickConfirmation['short']>;
export type CreateWaveBody = Body<'createWave'>;
export type ConfirmPickBody = Body<'confirmPickTask'>;
export type PackProgress = Ok<'getPackProgress'>;
export type PackBody = Body<'packShipment'>;
export type Carrier = Ok<'listCarriers'>['items'][number];
export type CartonType = Ok<'listCartonTypes'>['items'][number];
export type Rates = Ok<'getShipmentRates'>;
export type Shipment = components['schemas']['Shipment'];
export type ShipBody = Body<'shipShipment'>;
export type CountTask = Ok<'listCountTasks'>['items'][number];

/** How often the floor report and lists ask again while on screen. */
export const FLOOR_REFRESH_MS = 15_000;
/** The floor changes under the screen (other pickers, packers): floor reads are fetched again on every visit. */
const LIVE = { staleTime: 0 } as const;

export const whKeys = {
  all: ['warehouse'] as const,
  report: (warehouse: string, hours: number) => ['warehouse', 'report', warehouse, hours] as const,
  waves: (warehouse: string) => ['warehouse', 'waves', warehouse] as const,
  wave: (id: string) => ['warehouse', 'wave', id] as const,
  pickLists: (warehouse: string | null) => ['warehouse', 'pickLists', warehouse] as const,
  pickList: (id: string) => ['warehouse', 'pickList', id] as const,
  countTasks: (warehouse: string) => ['warehouse', 'countTasks', warehouse] as const,
  pack: (id: string) => ['warehouse', 'pack', id] as const,
  shipment: (id: string) => ['warehouse', 'shipment', id] as const,
  rates: (id: string) => ['warehouse', 'rates', id] as const,
  carriers: ['warehouse', 'carriers'] as const,
  cartonTypes: ['warehouse', 'cartonTypes'] as const,
};

export function useWarehouseReport(warehouse: string, hours: number) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.report(warehouse, hours),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/reports/warehouse', { params: { query: { warehouse, hours } }, signal })),
    enabled: warehouse !== '',
    refetchInterval: FLOOR_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useWaves(warehouse: string) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.waves(warehouse),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/waves', { params: { query: { warehouse, limit: 50 } }, signal })).then(
        (p) => p.items,
      ),
    enabled: warehouse !== '',
    refetchInterval: FLOOR_REFRESH_MS,
  });
}

export function useWave(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.wave(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/waves/{id}', { params: { path: { id } }, signal })),
  });
}

export function useCreateWave() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateWaveBody) => unwrap(api.POST('/v1/waves', { body })),
    onSettled: () => client.invalidateQueries({ queryKey: whKeys.all }),
  });
}

/**
 * Cancels a wave released by mistake: its open and packed shipments are voided (units stay allocated),
 * its open picks cancelled. 409 wave_not_open when it is cancelled already or nothing is left to void.
 */
export function useCancelWave(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST('/v1/waves/{id}/cancel', { params: { path: { id } }, body: { reason } })),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: whKeys.all });
      void client.invalidateQueries({ queryKey: ['orders'] });
      void client.invalidateQueries({ queryKey: ['stock'] });
    },
  });
}

/** Pick lists still to pick (open or being picked), newest first. */
export function useOpenPickLists(warehouse: string | null) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.pickLists(warehouse),
    queryFn: async ({ signal }) => {
      const query = warehouse ? { warehouse } : {};
      const [open, picking] = await Promise.all(
        (['open', 'picking'] as const).map((status) =>
          unwrap(api.GET('/v1/pick-lists', { params: { query: { ...query, status, limit: 100 } }, signal })),
        ),
      );
      return [...picking!.items, ...open!.items].sort((a, b) => b.number - a.number);
    },
    refetchInterval: FLOOR_REFRESH_MS,
  });
}

/** Every pick list of a warehouse (for finding one by its number). */
export async function findPickListByNumber(warehouse: string | null, number: number): Promise<string | null> {
  const page = await unwrap(
    api.GET('/v1/pick-lists', { params: { query: { ...(warehouse ? { warehouse } : {}), limit: 500 } } }),
  );
  return page.items.find((l) => l.number === number)?.id ?? null;
}

export function usePickList(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.pickList(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/pick-lists/{id}', { params: { path: { id } }, signal })),
  });
}

export function useConfirmPick(pickListId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, body }: { taskId: string; body: ConfirmPickBody }) =>
      unwrap(api.POST('/v1/pick-tasks/{id}/confirm', { params: { path: { id: taskId } }, body })),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: whKeys.pickList(pickListId) });
      void client.invalidateQueries({ queryKey: whKeys.all });
    },
  });
}

export function useCountTasks(warehouse: string) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.countTasks(warehouse),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/v1/count-tasks', { params: { query: { warehouse, status: 'open', limit: 50 } }, signal }),
      ).then((p) => p.items),
    enabled: warehouse !== '',
  });
}

// Pack station -----------------------------------------------------------------------------------------

export function useShipment(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.shipment(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/shipments/{id}', { params: { path: { id } }, signal })),
  });
}

/** Shipments waiting at the pack station (open or packed), to find one by its tote or order number. */
export async function listPackableShipments(warehouse: string | null): Promise<Shipment[]> {
  const query = warehouse ? { warehouse } : {};
  const pages = await Promise.all(
    (['open', 'packed'] as const).map((status) =>
      unwrap(api.GET('/v1/shipments', { params: { query: { ...query, status, limit: 500 } } })),
    ),
  );
  return pages.flatMap((p) => p.items);
}

export function usePackProgress(id: string, enabled: boolean) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.pack(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/shipments/{id}/pack', { params: { path: { id } }, signal })),
    enabled,
  });
}

export function usePackScan(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string; parcel: number; station?: string }) =>
      unwrap(api.POST('/v1/shipments/{id}/pack-scans', { params: { path: { id } }, body })),
    onSuccess: (progress) => client.setQueryData(whKeys.pack(id), progress),
    onSettled: () => client.invalidateQueries({ queryKey: ['warehouse', 'report'] }),
  });
}

export function useResetPackScans(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(api.POST('/v1/shipments/{id}/pack-scans/reset', { params: { path: { id } }, body: {} })),
    onSuccess: (progress) => client.setQueryData(whKeys.pack(id), progress),
  });
}

export function usePackShipment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PackBody) =>
      unwrap(api.POST('/v1/shipments/{id}/pack', { params: { path: { id } }, body })),
    onSuccess: (shipment) => {
      client.setQueryData(whKeys.shipment(id), shipment);
      void client.invalidateQueries({ queryKey: whKeys.all });
    },
  });
}

export function useShipShipment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ShipBody) =>
      unwrap(api.POST('/v1/shipments/{id}/ship', { params: { path: { id } }, body })),
    onSuccess: (shipment) => {
      client.setQueryData(whKeys.shipment(id), shipment);
      void client.invalidateQueries({ queryKey: whKeys.all });
      void client.invalidateQueries({ queryKey: ['orders'] });
      void client.invalidateQueries({ queryKey: ['shipments'] });
    },
  });
}

export function useCarriers() {
  return useQuery({
    queryKey: whKeys.carriers,
    queryFn: ({ signal }) => unwrap(api.GET('/v1/carriers', { signal })).then((p) => p.items),
    staleTime: 5 * 60_000,
  });
}

export function useCartonTypes() {
  return useQuery({
    queryKey: whKeys.cartonTypes,
    queryFn: ({ signal }) => unwrap(api.GET('/v1/carton-types', { signal })).then((p) => p.items),
    staleTime: 5 * 60_000,
  });
}

export function useRates(id: string, enabled: boolean) {
  return useQuery({
    ...LIVE,
    queryKey: whKeys.rates(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/shipments/{id}/rates', { params: { path: { id } }, signal })),
    enabled,
  });
}

/**
 * The shipment's documents, as same-origin links: GETs carry the session cookie, so the browser opens the
 * PDF itself (and the ZPL downloads) without the page fetching anything.
 */
export const documentUrls = (id: string) => {
  const base = `/v1/shipments/${encodeURIComponent(id)}`;
  return {
    labelPdf: `${base}/label?format=pdf`,
    labelZpl: `${base}/label?format=zpl`,
    packingSlip: `${base}/packing-slip`,
  };
};
