import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { forgetCsrf } from '../api/client';

afterEach(() => {
  // Without vitest globals Testing Library cannot register its own cleanup.
  cleanup();
  // The client keeps the CSRF token in module state; each test starts signed out of it.
  forgetCsrf();
  vi.unstubAllGlobals();
});
