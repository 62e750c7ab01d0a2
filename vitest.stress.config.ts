import { defineConfig } from 'vitest/config';

// `npm run test:stress`: the fault, scale and attack proofs (issue 8). They start real processes and
// need PostgreSQL (DATABASE_URL, or 127.0.0.1:5432), so they are not part of `npm test`; the attack
// and fuzz suites under test/security also run in `npm test`.
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/tollgate_stress';

export default defineConfig({
  test: {
    name: 'stress',
    include: ['test/stress/**/*.test.ts', 'test/security/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 180_000,
  },
});
