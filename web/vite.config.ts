import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv } from 'vite';

// Pinned so the config works whether vite runs from web/ or from the repository root.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig(({ mode }) => {
  // The API server during `npm run dev` (TOLLGATE_API_URL overrides it). Only the config reads this;
  // nothing from the environment is compiled into the bundle.
  const backend = loadEnv(mode, root, 'TOLLGATE_').TOLLGATE_API_URL || 'http://localhost:3000';
  return {
    root,
    plugins: [react()],
    build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
    server: {
      proxy: { '/api': backend, '/dev': backend, '/health': backend },
    },
  };
});
