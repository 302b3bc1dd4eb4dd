import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, idempotent, unwrap } from '../../api/client';
import type { components, operations } from '../../api/schema';

export type Reservation = components['schemas']['Reservation'];
export type ReservationStatus = Reservation['status'];
export type ReserveBody = NonNullable<
  operations['createReservation']['requestBody']
>['content']['application/json'];
export type PostReservationBody = NonNullable<
  operations['postReservation']['requestBody']
>['content']['application/json'];

export const RESERVATION_STATUSES: readonly ReservationStatus[] = ['open', 'posted', 'voided', 'expired'];

const keys = {
  all: ['reservations'] as const,
  list: (status: ReservationStatus | null, reference: string) => ['reservations', 'list', status, reference],
  one: (id: string) => ['reservations', 'one', id],
};

export function useReservations(status: ReservationStatus | null, reference: string) {
  return useQuery({
    queryKey: keys.list(status, reference),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/v1/reservations', {
          params: {
            query: {
              ...(status ? { status } : {}),
              ...(reference ? { reference } : {}),
              limit: 100,
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useReservation(id: string) {
  return useQuery({
    queryKey: keys.one(id),
    queryFn: ({ signal }) => unwrap(api.GET('/v1/reservations/{id}', { params: { path: { id } }, signal })),
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: keys.all });
    void client.invalidateQueries({ queryKey: ['stock'] });
  };
}

export function useCreateReservation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ body, key }: { body: ReserveBody; key: string }) =>
      unwrap(api.POST('/v1/reservations', { body, ...idempotent(key) })),
    onSettled: invalidate,
  });
}

export function usePostReservation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body, key }: { id: string; body: PostReservationBody; key: string }) =>
      unwrap(api.POST('/v1/reservations/{id}/post', { params: { path: { id } }, body, ...idempotent(key) })),
    onSettled: invalidate,
  });
}

export function useVoidReservation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, key }: { id: string; key: string }) =>
      unwrap(
        api.POST('/v1/reservations/{id}/void', { params: { path: { id } }, body: {}, ...idempotent(key) }),
      ),
    onSettled: invalidate,
  });
}
