/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Where `npm run dev` sends API calls: a locally running Aerie (`npm start`). */
const API_TARGET = process.env.AERIE_API_URL ?? 'http://localhost:2801';

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the same build works at `/` and under any prefix an ingress adds.
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // Same-origin in the browser: the dev server forwards API calls (and, later, the
    // websocket) to the API, as the API itself serves the built dashboard in production.
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: true, ws: true },
      '/healthz': { target: API_TARGET, changeOrigin: true },
      '/readyz': { target: API_TARGET, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.spec.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
