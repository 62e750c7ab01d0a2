import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Runs from web/ (`npm test -w web`) and from the repository root (`npx vitest run --config web/vitest.config.ts`).
export default defineConfig({
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  plugins: [react()],
  test: {
    name: 'web',
    environment: 'jsdom',
    include: ['src/**/*.test.tsx'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
