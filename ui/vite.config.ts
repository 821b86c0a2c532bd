/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// During `npm run dev` the API is proxied to a locally running gateway.
const target = process.env.API_TARGET ?? 'http://localhost:8080';

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target, changeOrigin: true },
      '/actuator': { target, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: scripts/check-first-page-size.mjs reads which chunks each page loads.
    manifest: true,
    rolldownOptions: {
      treeshake: {
        // antd's building blocks declare no "sideEffects" in their package.json, so a module they
        // import for one context (antd's ConfigProvider and Input need two from @rc-component/form) keeps
        // its whole package; they are plain modules without import-time effects.
        moduleSideEffects: [{ test: /node_modules[\\/]@rc-component[\\/]/, sideEffects: false }],
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    testTimeout: 20000,
  },
});
