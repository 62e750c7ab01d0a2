import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client';

/** Admin lists are paged by number; the page size is sent explicitly so `total` converts to page counts. */
export const adminPageSize = 25;

type Params = Record<string, string | number | boolean | null | undefined>;

export function useAdminList<T>(path: string, listKey: string, params: Params) {
  return useQuery({
    queryKey: ['admin', path, params],
    // Keeps the previous page on screen while the next loads, so the table does not collapse.
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const data = await api.get<Record<string, unknown>>(
        withQuery(path, { ...params, pageSize: adminPageSize }),
      );
      const items = (data[listKey] as T[] | undefined) ?? [];
      return { items, total: typeof data.total === 'number' ? data.total : items.length };
    },
  });
}
