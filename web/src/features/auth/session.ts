import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, forgetCsrf } from '../../api/client';
import { hasCode } from '../../api/errors';
import type { User } from '../../api/types';

export const sessionKey = ['session'] as const;

async function fetchSession(): Promise<User | null> {
  try {
    const data = await api.get<{ user: User; csrfToken: string }>('/api/profile');
    return data.user;
  } catch (error) {
    // Being signed out is an answer, not a failure.
    if (hasCode(error, 'UNAUTHENTICATED')) return null;
    throw error;
  }
}

/** The signed-in user (null when signed out). Profile also hands us the CSRF token. */
export function useSession() {
  return useQuery({ queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<object>('/api/logout'),
    onSettled: () => {
      forgetCsrf();
      // Anything cached belonged to the previous user.
      client.clear();
      client.setQueryData(sessionKey, null);
    },
  });
}

/** Only same-site relative paths, so a crafted ?next= cannot send people elsewhere. */
export function safeNext(next: string | null, fallback = '/dashboard'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}
