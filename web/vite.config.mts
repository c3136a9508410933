import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The operator console: built into dist/web (after `nest build`, which empties dist/), served by the app at `/`.
// `npm run web:dev` proxies the API to a Régua running on :3000.
export default defineConfig({
  root: here,
  base: '/',
  // JSX (tsconfig: react-jsx) needs no plugin: Vite's own transform compiles it.
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
