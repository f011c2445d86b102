import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The renderer builds to dist/renderer, served by the app:// protocol and by the browser host alike. */
export default defineConfig({
  root: path.resolve(import.meta.dirname, '../renderer'),
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/renderer'),
    emptyOutDir: true,
    // No inline scripts or eval: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
