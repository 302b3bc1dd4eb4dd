import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/errors';

/**
 * Reads are cached for 30 s and refreshed when the window regains focus; a refusal (4xx) is not retried,
 * a network or server failure twice. Mutations are never retried by the cache: a screen retries an
 * action itself, with the same Idempotency-Key.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => !(error instanceof ApiError && error.isClientError) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}
