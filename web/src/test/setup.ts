import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';
import { forgetCsrf } from '../api/client';

// The suite runs beside the server's tests on a 2-core machine: a lazily loaded page can take more than
// the default second to appear there. `findBy…` still returns as soon as the element is shown.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  // Without vitest globals Testing Library cannot register its own cleanup.
  cleanup();
  // The client keeps the CSRF token in module state; each test starts signed out of it.
  forgetCsrf();
  vi.unstubAllGlobals();
});
