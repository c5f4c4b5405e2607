import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In `vite dev` the API runs separately (pnpm start on :3000); the app always calls same-origin /trpc.
const api = process.env.TIX_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/trpc': { target: api, changeOrigin: true } } },
  // React, tRPC and superjson together are ~300 kB before gzip; one chunk is right for an app this size.
  // No source map in the build the server serves: 1.5 MB nobody downloads on purpose, and it hands out the source.
  // `vite dev` keeps its own maps for debugging.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
});
