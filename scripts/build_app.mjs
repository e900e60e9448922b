#!/usr/bin/env node
// Bundle and minify the volunteer app's modules for the first load of a phone (issue 16):
//
//   node scripts/build_app.mjs        (run by `make assets`, after `npm ci`)
//
// Writes static/build/ (not committed): main.js (the page, with register-sw.js), sw.js (the
// service worker, served at /sw.js by fieldapp/pwa/views.py), the chunks they share (IndexedDB,
// sync), one chunk per language file and per module loaded later (the guide cards), and
// meta.json, esbuild's list of what each file holds, from which fieldapp/pwa/shell.py knows
// which file is which. The server serves the modules of static/app/ as they are when there is
// no build. Only the modules change: the libraries come from static/vendor/ (copy_vendor.py).
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = resolve(root, 'static/build');

// The modules import idb by its URL; the bundle takes the file copied into static/vendor/.
const vendorUrls = {
  name: 'vendor-urls',
  setup(builder) {
    builder.onResolve({ filter: /^\/static\// }, (args) => ({ path: resolve(root, args.path.slice(1)) }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['static/app/main.js', 'static/app/sw.js'],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['es2022'],
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  charset: 'utf8', // Vietnamese as it is: escaped, it weighs twice as much
  logLevel: 'warning',
  plugins: [vendorUrls],
});
writeFileSync(resolve(outdir, 'meta.json'), JSON.stringify(result.metafile.outputs, null, 1));
const files = Object.keys(result.metafile.outputs);
const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.log(`static/build: ${files.length} files, ${bytes.toLocaleString('en')} bytes`);
