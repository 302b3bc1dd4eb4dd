import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

/**
 * The inbound and control calls: suppliers and purchase orders, receiving and QC, put-away, transfer
 * orders, cycle counts, customer returns and a SKU's life. Screens use these hooks, never the client.
 */

type Body<Op extends keyof operations> = NonNullable<
  operations[Op]['requestBody']
>['content']['application/json'];
type Ok<Op extends keyof operations, Status extends number = 200> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer T } };
}
  ? T
  : never;
type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type Supplier = components['schemas']['Supplier'];
export type SupplierSku = components['schemas']['SupplierSku'];
export type PurchaseOrder = components['schemas']['PurchaseOrder'];
export type PoLine = PurchaseOrder['lines'][number];
export type PoStatus = PurchaseOrder['status'];
export type PoQuery = Query<'listPurchaseOrders'>;
export type CreatePoBody = Body<'createPurchaseOrder'>;
export type CreateSupplierBody = Body<'createSupplier'>;
export type SetSupplierSkuBody = Body<'setSupplierSku'>;
export type EdiImport = Ok<'importPurchaseOrders'>;
export type Receipt = components['schemas']['Receipt'];
export type ReceiptResult = components['schemas']['ReceiptResult'];
export type ReceiptLine = Receipt['lines'][number];
export type ReceiveBody = Body<'receivePurchaseOrder'>;
export type QcBody = Body<'decideReceiptQc'>;
export type Asn = components['schemas']['Asn'];
export type AsnLine = Asn['lines'][number];
export type AsnImport = Ok<'importAsn'>;
export type AsnReceipt = Ok<'receiveAsn', 201>;
export type ReceiveAsnBody = Body<'receiveAsn'>;
export type ReceiveBlindBody = Body<'receiveBlind'>;
export type PutawayTask = components['schemas']['PutawayTask'];
export type PutawayRule = components['schemas']['PutawayRule'];
export type PutawayRuleKind = PutawayRule['kind'];
export type CreatePutawayRuleBody = Body<'createPutawayRule'>;
export type LocationCapacity = Ok<'setLocationCapacity'>;
export type PutawayPlan = Ok<'createPutawayTasks', 201>;
export type PutawayConfirmation = Ok<'confirmPutawayTask'>;
export type TransferOrder = components['schemas']['TransferOrder'];
export type TransferStatus = TransferOrder['status'];
export type CreateTransferBody = Body<'createTransferOrder'>;
export type ShipTransferBody = Body<'shipTransferOrder'>;
export type ReceiveTransferBody = Body<'receiveTransferOrder'>;
export type IncomingTransfer = Ok<'listIncomingTransfers'>['items'][number];
export type CountPlan = components['schemas']['CountPlan'];
export type CountTask = components['schemas']['CountTask'];
export type CreateCountPlanBody = Body<'createCountPlan'>;
export type CountResult = Ok<'countCountTask'>;
export type Accuracy = Ok<'getInventoryAccuracyReport'>;
export type CustomerReturn = components['schemas']['CustomerReturn'];
export type ReturnStatus = CustomerReturn['status'];
export type ReturnReason = CustomerReturn['reason'];
export type AuthoriseBody = Body<'authoriseReturn'>;
export type InspectBody = Body<'inspectReturn'>;
export type Lifecycle = Ok<'getSkuLifecycle'>;

/** Floor lists change under the screen (other receivers, counters): read again on every visit. */
const LIVE = { staleTime: 0 } as const;

export const inKeys = {
  all: ['inbound'] as const,
  suppliers: ['inbound', 'suppliers'] as const,
  supplierSkus: (code: string) => ['inbound', 'supplierSkus', code] as const,
  pos: (q: PoQuery) => ['inbound', 'pos', q] as const,
  po: (id: string) => ['inbound', 'po', id] as const,
  receipts: (q: Query<'listReceipts'>) => ['inbound', 'receipts', q] as const,
  putaway: (warehouse: string) => ['inbound', 'putaway', warehouse] as const,
  putawayRules: (warehouse: string) => ['inbound', 'putawayRules', warehouse] as const,
  asn: (id: string) => ['inbound', 'asn', id] as const,
  transfers: (q: Query<'listTransferOrders'>) => ['inbound', 'transfers', q] as const,
  transfer: (id: string) => ['inbound', 'transfer', id] as const,
  incoming: (warehouse: string) => ['inbound', 'incomingTransfers', warehouse] as const,
  countTasks: (warehouse: string, status: CountTask['status']) =>
    ['inbound', 'countTasks', warehouse, status] as const,
  countPlans: (warehouse: string) => ['inbound', 'countPlans', warehouse] as const,
  accuracy: (warehouse: string) => ['inbound', 'accuracy', warehouse] as const,
  returns: (q: Query<'listReturns'>) => ['inbound', 'returns', q] as const,
  return: (id: string) => ['inbound', 'return', id] as const,
  lifecycle: (sku: string) => ['inbound', 'lifecycle', sku] as const,
};

function useInvalidateAll() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: inKeys.all });
    void client.invalidateQueries({ queryKey: ['stock'] });
    void client.invalidateQueries({ queryKey: ['warehouse'] });
  };
}

/** A mutation whose success refreshes every inbound read (and stock), the usual case on these screens. */
function useAction<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const refresh = useInvalidateAll();
  return useMutation({ mutationFn: fn, onSettled: refresh });
}

// Suppliers ----------------------------------------------------------------------------------------------

export function useSuppliers(enabled = true) {
  return useQuery({
    queryKey: inKeys.suppliers,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/suppliers', { params: { query: { limit: 500 } }, signal })).then((p) => p.items),
    enabled,
  });
}

export function useSupplierSkus(code: string) {
  return useQuery({
    queryKey: inKeys.supplierSkus(code),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/suppliers/{code}/skus', { params: { path: { code } }, signal })).then(
        (p) => p.items,
      ),
    enabled: code !== '',
  });
}

export function useCreateSupplier() {
  return useAction((body: CreateSupplierBody) => unwrap(api.POST('/v1/suppliers', { body })));
}

export function useSetSupplierSku(code: string) {
  return useAction(({ sku, body }: { sku: string; body: SetSupplierSkuBody }) =>
    unwrap(api.PUT('/v1/suppliers/{code}/skus/{sku}', { params: { path: { code, sku } }, body })),
  );
}

// Purchase orders ----------------------------------------------------------------------------------------

export function usePurchaseOrders(query: PoQuery) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.pos(query),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/purchase-orders', { params: { query: { limit: 200, ...query } }, signal })).then(
        (p) => p.items,
      ),
  });
}

export function usePurchaseOrder(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.po(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/purchase-orders/{id}', { params: { path: { id } }, signal })),
    enabled: id !== '',
  });
}

export function useCreatePurchaseOrder() {
  return useAction((body: CreatePoBody) => unwrap(api.POST('/v1/purchase-orders', { body })));
}

export function usePoAction(id: string) {
  return useAction((verb: 'send' | 'cancel' | 'close') => {
    const options = { params: { path: { id } }, body: {} };
    if (verb === 'send') return unwrap(api.POST('/v1/purchase-orders/{id}/send', options));
    if (verb === 'cancel') return unwrap(api.POST('/v1/purchase-orders/{id}/cancel', options));
    return unwrap(api.POST('/v1/purchase-orders/{id}/close', options));
  });
}

/** X12 850 text in, draft orders out (the server names the faulty segment when it refuses the file). */
export function useImportEdi() {
  return useAction(({ edi, warehouse, supplier }: { edi: string; warehouse?: string; supplier?: string }) =>
    unwrap(
      api.POST('/v1/purchase-orders/imports', {
        params: { query: { ...(warehouse ? { warehouse } : {}), ...(supplier ? { supplier } : {}) } },
        // The operation takes the document as text or as JSON { edi }; the typed client only knows JSON.
        body: { edi } as never,
      }),
    ),
  );
}

/** Same-origin links: the browser opens the PDF and downloads the X12 with the session cookie. */
export const poDocumentUrls = (id: string) => {
  const base = `/v1/purchase-orders/${encodeURIComponent(id)}`;
  return { pdf: `${base}/pdf`, edi: `${base}/edi` };
};

// Receiving ----------------------------------------------------------------------------------------------

export function useReceipts(query: Query<'listReceipts'>, enabled = true) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.receipts(query),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/receipts', { params: { query: { limit: 100, ...query } }, signal })).then(
        (p) => p.items,
      ),
    enabled,
  });
}

export function useReceivePo(id: string) {
  return useAction((body: ReceiveBody) =>
    unwrap(api.POST('/v1/purchase-orders/{id}/receipts', { params: { path: { id } }, body })),
  );
}

export function useDecideQc() {
  return useAction(({ id, body }: { id: string; body: QcBody }) =>
    unwrap(api.POST('/v1/receipts/{id}/qc', { params: { path: { id } }, body })),
  );
}

/** A blind receipt: goods that came without a purchase order (the server checks each SKU exists). */
export function useReceiveBlind() {
  return useAction((body: ReceiveBlindBody) => unwrap(api.POST('/v1/receipts', { body })));
}

export function useAsn(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.asn(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/asns/{id}', { params: { path: { id } }, signal })),
    enabled: id !== '',
  });
}

/**
 * X12 856 text in, the advance ship notice out, matched to its purchase orders (the same notice again
 * answers the stored one); a fault is 422 invalid_edi naming the segment.
 */
export function useImportAsn() {
  return useAction((edi: string) =>
    // The operation takes the document as text or as JSON { edi }; the typed client only knows JSON.
    unwrap(api.POST('/v1/asns/imports', { body: { edi } as never })),
  );
}

export function useReceiveAsn(id: string) {
  return useAction((body: ReceiveAsnBody) =>
    unwrap(api.POST('/v1/asns/{id}/receive', { params: { path: { id } }, body })),
  );
}

/** A SKU's GTIN, for matching a scanned barcode to an order line. */
export async function fetchSkuGtins(codes: readonly string[]): Promise<Map<string, string | null>> {
  const found = await Promise.all(
    codes.map((code) =>
      unwrap(api.GET('/v1/skus/{code}', { params: { path: { code } } }))
        .then((s) => [code, s.gtin] as const)
        .catch(() => [code, null] as const),
    ),
  );
  return new Map(found);
}

export function useSkuGtins(codes: readonly string[]) {
  const sorted = [...new Set(codes)].sort();
  return useQuery({
    queryKey: ['inbound', 'gtins', sorted],
    queryFn: () => fetchSkuGtins(sorted),
    staleTime: 5 * 60_000,
    enabled: sorted.length > 0,
  });
}

// Put-away -----------------------------------------------------------------------------------------------

export function useOpenPutawayTasks(warehouse: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.putaway(warehouse),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/v1/putaway-tasks', {
          params: { query: { warehouse, status: 'open', limit: 200 } },
          signal,
        }),
      ).then((p) => p.items),
    enabled: warehouse !== '',
  });
}

export function usePlanPutaway() {
  return useAction((body: { warehouse: string; source?: string }) =>
    unwrap(api.POST('/v1/putaway-tasks', { body })),
  );
}

export function useConfirmPutaway() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, bin }: { id: string; bin: string }) =>
      unwrap(api.POST('/v1/putaway-tasks/{id}/confirm', { params: { path: { id } }, body: { bin } })),
    onSettled: async () => {
      await client.invalidateQueries({ queryKey: ['inbound', 'putaway'] });
      void client.invalidateQueries({ queryKey: ['stock'] });
      void client.invalidateQueries({ queryKey: ['inbound', 'lifecycle'] });
    },
  });
}

export function usePutawayRules(warehouse: string) {
  return useQuery({
    queryKey: inKeys.putawayRules(warehouse),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/putaway-rules', { params: { query: { warehouse } }, signal })).then((p) => p.items),
    enabled: warehouse !== '',
  });
}

export function useCreatePutawayRule() {
  return useAction((body: CreatePutawayRuleBody) => unwrap(api.POST('/v1/putaway-rules', { body })));
}

export function useSetPutawayRuleActive() {
  return useAction(({ id, isActive }: { id: string; isActive: boolean }) =>
    unwrap(api.PATCH('/v1/putaway-rules/{id}', { params: { path: { id } }, body: { isActive } })),
  );
}

/** A bin's capacity in base units across SKUs; null for unlimited. */
export function useSetBinCapacity() {
  return useAction(({ code, capacityUnits }: { code: string; capacityUnits: number | null }) =>
    unwrap(api.PUT('/v1/locations/{code}/capacity', { params: { path: { code } }, body: { capacityUnits } })),
  );
}

// Transfer orders ----------------------------------------------------------------------------------------

export function useTransferOrders(query: Query<'listTransferOrders'>) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.transfers(query),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/transfers', { params: { query: { limit: 200, ...query } }, signal })).then(
        (p) => p.items,
      ),
  });
}

export function useTransferOrder(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.transfer(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/transfers/{id}', { params: { path: { id } }, signal })),
  });
}

export function useIncomingTransfers(warehouse: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.incoming(warehouse),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/transfers/incoming', { params: { query: { warehouse } }, signal })).then(
        (p) => p.items,
      ),
    enabled: warehouse !== '',
  });
}

export function useCreateTransferOrder() {
  return useAction((body: CreateTransferBody) => unwrap(api.POST('/v1/transfers', { body })));
}

export function useTransferAction(id: string) {
  return useAction(
    (
      action:
        | { verb: 'ship'; body: ShipTransferBody }
        | { verb: 'receive'; body: ReceiveTransferBody }
        | { verb: 'cancel'; reason: string },
    ) => {
      const path = { params: { path: { id } } };
      if (action.verb === 'ship')
        return unwrap(api.POST('/v1/transfers/{id}/ship', { ...path, body: action.body }));
      if (action.verb === 'receive')
        return unwrap(api.POST('/v1/transfers/{id}/receive', { ...path, body: action.body }));
      return unwrap(
        api.POST('/v1/transfers/{id}/cancel', {
          ...path,
          body: action.reason ? { reason: action.reason } : {},
        }),
      );
    },
  );
}

// Counts -------------------------------------------------------------------------------------------------

export function useCountTaskList(warehouse: string, status: CountTask['status']) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.countTasks(warehouse, status),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/v1/count-tasks', { params: { query: { warehouse, status, limit: 500 } }, signal }),
      ).then((p) => p.items),
    enabled: warehouse !== '',
  });
}

export function useCountTask() {
  return useAction(({ id, countedQty, sku }: { id: string; countedQty: number; sku?: string }) =>
    unwrap(
      api.POST('/v1/count-tasks/{id}/count', {
        params: { path: { id } },
        body: { countedQty, ...(sku ? { sku } : {}) },
      }),
    ),
  );
}

export function useDecideCount() {
  return useAction(
    ({ id, verb, reason }: { id: string; verb: 'approve' | 'reject'; reason: string }): Promise<unknown> =>
      verb === 'approve'
        ? unwrap(
            api.POST('/v1/count-tasks/{id}/approve', {
              params: { path: { id } },
              body: reason ? { reason } : {},
            }),
          )
        : unwrap(api.POST('/v1/count-tasks/{id}/reject', { params: { path: { id } }, body: { reason } })),
  );
}

export function useCountPlans(warehouse: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.countPlans(warehouse),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/count-plans', { params: { query: { warehouse } }, signal })).then((p) => p.items),
    enabled: warehouse !== '',
  });
}

export function useCreateCountPlan() {
  return useAction((body: CreateCountPlanBody) => unwrap(api.POST('/v1/count-plans', { body })));
}

export function useGenerateCounts() {
  return useAction((id: string) =>
    unwrap(api.POST('/v1/count-plans/{id}/generate', { params: { path: { id } }, body: {} })),
  );
}

export function useAccuracy(warehouse: string, enabled: boolean) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.accuracy(warehouse),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/reports/inventory-accuracy', { params: { query: { warehouse } }, signal })),
    enabled: enabled && warehouse !== '',
  });
}

// Returns ------------------------------------------------------------------------------------------------

export function useReturns(query: Query<'listReturns'>) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.returns(query),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/returns', { params: { query: { limit: 200, ...query } }, signal })).then(
        (p) => p.items,
      ),
  });
}

export function useReturn(id: string) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.return(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/returns/{id}', { params: { path: { id } }, signal })),
  });
}

export function useAuthoriseReturn() {
  return useAction((body: AuthoriseBody) => unwrap(api.POST('/v1/returns', { body })));
}

export function useReturnAction(id: string) {
  return useAction(
    (
      action:
        | { verb: 'receive'; lines: { lineNo: number; qty: number }[] }
        | { verb: 'inspect'; units: InspectBody['units'] }
        | { verb: 'close'; refundShipping: boolean }
        | { verb: 'cancel'; reason: string },
    ) => {
      const path = { params: { path: { id } } };
      switch (action.verb) {
        case 'receive':
          return unwrap(api.POST('/v1/returns/{id}/receive', { ...path, body: { lines: action.lines } }));
        case 'inspect':
          return unwrap(api.POST('/v1/returns/{id}/inspect', { ...path, body: { units: action.units } }));
        case 'close':
          return unwrap(
            api.POST('/v1/returns/{id}/close', { ...path, body: { refundShipping: action.refundShipping } }),
          );
        default:
          return unwrap(
            api.POST('/v1/returns/{id}/cancel', {
              ...path,
              body: action.reason ? { reason: action.reason } : {},
            }),
          );
      }
    },
  );
}

// A SKU's life -------------------------------------------------------------------------------------------

export function useLifecycle(sku: string, enabled: boolean) {
  return useQuery({
    ...LIVE,
    queryKey: inKeys.lifecycle(sku),
    queryFn: ({ signal }) =>
      unwrap(api.GET('/v1/skus/{code}/lifecycle', { params: { path: { code: sku } }, signal })),
    enabled,
  });
}
