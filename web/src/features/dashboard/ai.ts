import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Assumed shape of a generation; output/text/result are all accepted until the contract settles. */
export interface Generation {
  id: string;
  prompt: string;
  output: string;
  createdAt: string | null;
}

function toGeneration(raw: Record<string, unknown>, index: number): Generation {
  const output = raw.output ?? raw.text ?? raw.result ?? '';
  return {
    id: String(raw.id ?? index),
    prompt: String(raw.prompt ?? ''),
    output: typeof output === 'string' ? output : JSON.stringify(output),
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : null,
  };
}

export function useAiHistory(enabled: boolean) {
  return useQuery({
    queryKey: ['ai', 'history'],
    enabled,
    queryFn: async () => {
      const data = await api.get<{ history?: unknown[]; items?: unknown[] }>('/api/ai/history');
      const list = data.history ?? data.items ?? [];
      return list.map((item, i) => toGeneration(item as Record<string, unknown>, i));
    },
  });
}

export function useGenerate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (prompt: string) =>
      toGeneration(await api.post<Record<string, unknown>>('/api/ai/generate', { prompt }), 0),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['ai', 'history'] }),
  });
}
