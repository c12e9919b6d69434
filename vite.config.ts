import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The UI is served by hookscope's UI port with `Content-Security-Policy: script-src 'self'`, so the
// build must reference external JS/CSS only (no inline scripts or styles). Preact's automatic JSX
// runtime is configured on Vite 8's own transformer (oxc), matching tsconfig's jsxImportSource, so no
// framework preset is needed.
export default defineConfig({
  root: `${here}ui`,
  base: './',
  publicDir: `${here}ui/public`,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  resolve: {
    // Make sure a transitive `react` import (none today) would still end up on Preact.
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  build: {
    outDir: `${here}ui/dist`,
    emptyOutDir: true,
    // Never inline assets as data: URLs: the CSP does not allow them everywhere and the page is local.
    assetsInlineLimit: 0,
    // The polyfill is bundled into the entry chunk anyway; modern Chromium does not need it.
    modulePreload: { polyfill: false },
    sourcemap: true,
    target: 'es2022',
  },
});
