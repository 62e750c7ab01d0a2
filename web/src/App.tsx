import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BrowserRouter } from 'react-router';
import { AppRoutes } from './routes';
import { hasCode } from './api/errors';

export function createQueryClient() {
  const client: QueryClient = new QueryClient({
    // A session that ends mid-visit (expiry, logout in another tab) turns any call into 401; mark the
    // visitor signed out so guarded pages send them to log in instead of showing an error.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (hasCode(error, 'UNAUTHENTICATED') && query.queryKey[0] !== 'session') {
          client.setQueryData(['session'], null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        // Retrying a 4xx (signed out, forbidden, not found) only delays the message the user needs.
        retry: (count, error) => count < 2 && !hasCode(error, 'UNAUTHENTICATED') && !isClientError(error),
        refetchOnWindowFocus: false,
      },
    },
  });
  return client;
}

function isClientError(error: unknown) {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    Number(error.status) >= 400 &&
    Number(error.status) < 500
  );
}

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </QueryClientProvider>
  );
}
