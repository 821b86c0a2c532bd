// Fails the build when the first page's script grows over its budget.
//   node scripts/check-first-page-size.mjs [dist]
// Reads Vite's manifest (dist/.vite/manifest.json) and adds up, per page, the uncompressed bytes of
// the JavaScript files a fresh load of that page fetches: the entry chunk, the page's lazily
// loaded chunks, and every chunk those import statically (transitively, each file once).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const dist = path.resolve(process.argv[2] ?? 'dist');

/** Pages by the lazily loaded modules they render; `maxBytes` is enforced, the others only reported. */
const PAGES = [
  { name: 'login', lazy: ['src/features/login/LoginPage.tsx'], maxBytes: 500_000 },
  {
    name: 'new export (landing page after login)',
    lazy: [
      'src/components/SignedInArea.tsx',
      'src/components/NavMenu.tsx',
      'src/features/new-export/NewExportPage.tsx',
    ],
  },
];

const manifest = JSON.parse(await readFile(path.join(dist, '.vite', 'manifest.json'), 'utf8'));
const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length !== 1) throw new Error(`expected one entry chunk in the manifest, found ${entries.join(', ')}`);

/** The manifest keys a page loads: the given chunks and their static imports, transitively. */
function chunksOf(keys) {
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    if (!manifest[key]) throw new Error(`${key} is not in the manifest (renamed or no longer lazy?)`);
    seen.add(key);
    for (const imported of manifest[key].imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return seen;
}

let failed = false;
for (const page of PAGES) {
  const files = [...chunksOf([entries[0], ...page.lazy])]
    .map((key) => manifest[key].file)
    .filter((f) => f.endsWith('.js'));
  const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(dist, f))).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const over = page.maxBytes !== undefined && total > page.maxBytes;
  failed ||= over;
  const budget = page.maxBytes === undefined ? '' : ` (budget ${page.maxBytes.toLocaleString('en')})`;
  console.log(
    `${over ? '✗' : '✓'} ${page.name}: ${total.toLocaleString('en')} bytes of script in ${files.length} files${budget}`,
  );
  if (over) {
    files
      .map((f, i) => [f, sizes[i]])
      .sort((a, b) => b[1] - a[1])
      .forEach(([f, size]) => console.log(`    ${size.toLocaleString('en').padStart(9)}  ${f}`));
  }
}
if (failed) {
  console.error('The first page loads too much script: keep new dependencies in lazily loaded pages (src/App.tsx).');
  process.exit(1);
}
