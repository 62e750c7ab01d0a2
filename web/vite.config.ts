import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API server during `npm run dev`; the built app is served by that same server, so no CORS is involved.
const backend = 'http://localhost:3000';

export default defineConfig({
  // Pinned so the config works whether vite runs from web/ or from the repository root.
  root: decodeURIComponent(new URL('.', import.meta.url).pathname),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: {
    proxy: { '/api': backend, '/dev': backend, '/health': backend },
  },
});
