// Browser end-to-end check of the UI against a running gateway.
//   BASE_URL=http://127.0.0.1:8080 TOKEN=exp_... npm run e2e
// Every page it visits is checked with axe-core; a serious or critical violation fails the run.
// Env: BASE_URL, TOKEN (an admin token: step 5 runs cleanup), SCREENSHOT_DIR (when set, the pages' screenshots
//      are written there, e.g. ../docs/screenshots; by default none are),
//      CHROMIUM (default /usr/bin/chromium), E2E_TIMEOUT_MS (export completion wait, default 60000),
//      E2E_EXPECT_RECORDS (if set: the number of logs rows from 2024-03-03 to 2024-03-05 UTC with
//      process nginx or sshd, which the downloaded file must hold exactly),
//      E2E_EXPECT_FILTERED (if set: the number of logs rows in that range with level ERROR or WARN, which the
//      filtered zstd export must hold exactly). Needs the `zstd` command; the OpenPGP step needs `gpg` (it is
//      skipped without it).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { chromium } from 'playwright-core';

const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const TOKEN = process.env.TOKEN;
const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ? path.resolve(process.env.SCREENSHOT_DIR) : null;
const EXPORT_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 60000);
const UUID_PATH = /\/exports\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

if (!TOKEN) {
  console.error('e2e: TOKEN is required');
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
}

const consoleErrors = [];
const state = { exportId: null };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
// UTC, so that the times typed into the date range are the instants the export must cover.
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });
const page = await context.newPage();
page.setDefaultTimeout(20000);
page.on('console', (m) => {
  if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`);
});
page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));

if (SCREENSHOT_DIR) await mkdir(SCREENSHOT_DIR, { recursive: true });
const shot = async (name) => {
  if (SCREENSHOT_DIR) await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
};
/** A call to the gateway with the token, outside the browser. */
const api = (route, { method = 'GET', body } = {}) =>
  fetch(`${BASE_URL}${route}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
/** The id of the caller's schedule named `name`, from the API. */
const scheduleIdOf = async (name) => {
  const page = await (await api('/api/v1/schedules?limit=1000')).json();
  return page.items.find((s) => s.name === name).schedule_id;
};
/** Drops the browser errors since `from` that match `expected` (a 400 the step provoked on purpose). */
const allowConsoleErrors = (from, expected) => {
  const kept = consoleErrors.slice(from).filter((e) => !expected.test(e));
  consoleErrors.splice(from, consoleErrors.length - from, ...kept);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const FAILING_IMPACTS = new Set(['serious', 'critical']);
/** Pages checked by axe-core, and what it found on them at serious or critical impact. */
const a11y = { pages: [], violations: [] };

/**
 * Runs axe-core on the page as it is now and records its serious and critical violations; `exclude` lists
 * selectors left out (an opened select's option list stays in the page without a name).
 */
async function checkAccessibility(pageName, exclude = []) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const { violations } = await page.evaluate(
    (exclude) =>
      window.axe.run(exclude.length ? { exclude: exclude.map((s) => [s]) } : document, { resultTypes: ['violations'] }),
    exclude,
  );
  a11y.pages.push(pageName);
  for (const v of violations.filter((v) => FAILING_IMPACTS.has(v.impact))) {
    const nodes = v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s*\n\s*/g, ' ')}`);
    a11y.violations.push(
      `${pageName}: ${v.impact} ${v.id} (${v.help}), ${v.nodes.length} elements\n        ${nodes.join('\n        ')}`,
    );
  }
}

const RANGE = ['2024-03-03 00:00:00', '2024-03-05 00:00:00'];
const PROCESSES = ['nginx', 'sshd'];
const EXPECT_RECORDS = process.env.E2E_EXPECT_RECORDS ? Number(process.env.E2E_EXPECT_RECORDS) : null;
const LEVELS = ['ERROR', 'WARN'];
const SPLITS = ['train', 'validation', 'test'];
const EXPECT_FILTERED = process.env.E2E_EXPECT_FILTERED ? Number(process.env.E2E_EXPECT_FILTERED) : null;

/** gpg in its own home directory, without a passphrase. */
const gpgIn = (home) => (args, input) =>
  spawnSync(
    'gpg',
    ['--homedir', home, '--batch', '--yes', '--pinentry-mode', 'loopback', '--passphrase', '', ...args],
    {
      input,
    },
  );
const hasGpg = spawnSync('gpg', ['--version']).status === 0;
/** "3AA5 C343 …": a fingerprint as the Public Keys table shows it. */
const grouped = (fpr) => fpr.replace(/(.{4})(?=.)/g, '$1 ');

/** Waits for the export page's status tag to say completed (throws on failed/cancelled or after the timeout). */
async function waitForCompletion() {
  const tag = page.getByTestId('export-status');
  const deadline = Date.now() + EXPORT_TIMEOUT_MS;
  let status = '';
  while (Date.now() < deadline) {
    status = ((await tag.textContent({ timeout: 5000 }).catch(() => '')) || '').trim();
    if (status === 'completed') return;
    if (status === 'failed' || status === 'cancelled') throw new Error(`export ended ${status}`);
    await sleep(500);
  }
  throw new Error(`export not completed after ${EXPORT_TIMEOUT_MS} ms (status "${status}")`);
}

/** Types both ends of the antd RangePicker (with time) and confirms each with Enter. */
async function fillRange([from, to]) {
  const inputs = page.locator('.ant-picker-range input');
  await inputs.nth(0).click();
  await inputs.nth(0).fill(from);
  await page.keyboard.press('Enter');
  await inputs.nth(1).click();
  await inputs.nth(1).fill(to);
  await page.keyboard.press('Enter');
  const got = [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()];
  if (got[0] !== from || got[1] !== to) throw new Error(`date range shows ${got.join(' → ')}, want ${from} → ${to}`);
}

async function pickOption(label, optionTitle, { search = false } = {}) {
  await page.getByLabel(label, { exact: true }).click();
  // a long list is virtual (only the options in view exist): searching brings this one into view
  if (search) await page.keyboard.type(optionTitle);
  await page.locator(`.ant-select-item-option[title="${optionTitle}"]:visible`).first().click();
}

const steps = [
  [
    'login',
    async () => {
      await page.goto(`${BASE_URL}/login`);
      await page.getByLabel('API token').waitFor();
      await checkAccessibility('login');
      await page.getByLabel('API token').fill(TOKEN);
      await shot('login.png');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('heading', { name: 'Export Data', level: 1 }).waitFor();
      await checkAccessibility('new export');
      await shot('new-export.png');
    },
  ],
  [
    'start export and wait for completion',
    async () => {
      await fillRange(RANGE);
      await pickOption('Data Types', 'logs', { search: true });
      await page.keyboard.press('Escape');
      // Spaces around the names: the form trims them.
      await page.getByLabel('Processes', { exact: true }).fill(` ${PROCESSES[0]} ,  ${PROCESSES[1]} `);
      await pickOption('Output Format', 'CSV');
      await page.getByRole('button', { name: 'Start Export' }).click();
      await page.waitForURL(UUID_PATH);
      state.exportId = UUID_PATH.exec(new URL(page.url()).pathname)[1];
      await page.getByRole('heading', { name: 'Export Status', level: 1 }).waitFor();

      await waitForCompletion();

      const bar = page.getByRole('progressbar', { name: 'Overall progress' });
      await page.waitForFunction(
        (el) => el?.getAttribute('aria-valuenow') === '100' && el.textContent.includes('100%'),
        await bar.elementHandle(),
        { timeout: 10000 },
      );
      await sleep(800); // let the progress bar transition finish before the screenshot
      await checkAccessibility('export');
      await shot('export.png');
    },
  ],
  [
    'download CSV',
    async () => {
      await page.getByRole('button', { name: 'Get download links' }).click();
      const link = page.locator('a[data-kind="data"]').first();
      await link.waitFor();
      const href = await link.getAttribute('href');
      if (!href) throw new Error('no href on the first data file link');
      // Presigned URL: fetched without the token.
      const res = await fetch(href);
      if (!res.ok) throw new Error(`download answered ${res.status}`);
      const records = parseCsv(await res.text(), { columns: true, skip_empty_lines: true });
      if (records.length === 0) throw new Error('the CSV holds no records');
      if (EXPECT_RECORDS !== null && records.length !== EXPECT_RECORDS) {
        throw new Error(`the CSV holds ${records.length} records, the database ${EXPECT_RECORDS}`);
      }
      const [from, to] = RANGE.map((t) => `${t.replace(' ', 'T')}Z`);
      for (const r of records) {
        if (!PROCESSES.includes(r.process)) throw new Error(`record ${r.id} has process "${r.process}"`);
        // ISO-8601 UTC with Z: compared as text up to the seconds, then the fraction.
        const ts = r.timestamp;
        const instant = ts.slice(0, 19) + 'Z';
        if (instant < from || instant >= to) throw new Error(`record ${r.id} at ${ts} is outside ${from} .. ${to}`);
      }
    },
  ],
  [
    'filtered zstd export',
    async () => {
      await page.getByRole('menuitem', { name: 'New Export' }).click();
      await page.getByRole('heading', { name: 'Export Data', level: 1 }).waitFor();
      await fillRange(RANGE);
      await pickOption('Data Types', 'logs', { search: true });
      await page.keyboard.press('Escape');
      // a filter row: column and operator from GET /api/v1/datasets, the values as tags
      await page.getByRole('button', { name: 'Add logs filter' }).click();
      await checkAccessibility('new export with a filter row', ['#data_types_list']);
      await pickOption('logs filter 1 column', 'level (text)');
      await pickOption('logs filter 1 operator', 'in');
      const values = page.getByLabel('logs filter 1 value', { exact: true });
      await values.click();
      for (const level of LEVELS) {
        await page.keyboard.type(level);
        await page.keyboard.press('Enter');
      }
      await page.keyboard.press('Escape');
      // a second row shows the live check of a number
      await page.getByRole('button', { name: 'Add logs filter' }).click();
      await pickOption('logs filter 2 column', 'pid (integer)');
      await pickOption('logs filter 2 operator', 'is null');
      await page.getByRole('button', { name: 'Remove logs filter 2' }).click();
      await pickOption('Output Format', 'CSV');
      await pickOption('Compression', 'zstd');
      await page.getByLabel('Compression Level', { exact: true }).fill('3');
      await sleep(400); // the codec list's closing animation
      await shot('new-export-filters.png');
      await page.getByRole('button', { name: 'Start Export' }).click();
      await page.waitForURL(UUID_PATH);
      const exportId = UUID_PATH.exec(new URL(page.url()).pathname)[1];
      const config = (await (await api(`/api/v1/export/${exportId}/status`)).json()).config;
      if (JSON.stringify(config.filters) !== JSON.stringify({ logs: { level: { in: LEVELS } } }))
        throw new Error(`the export's filters read ${JSON.stringify(config.filters)}`);
      if (config.compression !== 'zstd' || config.compression_level !== 3)
        throw new Error(`the export's compression reads ${config.compression} level ${config.compression_level}`);
      await waitForCompletion();
      await page.getByText('logs: level in ERROR, WARN').waitFor();
      await page.getByText('zstd, level 3', { exact: true }).waitFor();
      await checkAccessibility('export with filters');

      await page.getByRole('button', { name: 'Get download links' }).click();
      const link = page.locator('a[data-kind="data"]').first();
      await link.waitFor();
      const name = await link.getAttribute('download');
      if (!name?.endsWith('.csv.zst')) throw new Error(`the data file is named ${name}, not *.csv.zst`);
      const res = await fetch(await link.getAttribute('href'));
      if (!res.ok) throw new Error(`download answered ${res.status}`);
      const zstd = spawnSync('zstd', ['-d', '-c', '-q'], { input: Buffer.from(await res.arrayBuffer()) });
      if (zstd.status !== 0) throw new Error(`zstd -d failed: ${zstd.stderr}`);
      const records = parseCsv(zstd.stdout.toString('utf8'), { columns: true, skip_empty_lines: true });
      if (records.length === 0) throw new Error('the filtered CSV holds no records');
      if (EXPECT_FILTERED !== null && records.length !== EXPECT_FILTERED)
        throw new Error(`the filtered CSV holds ${records.length} records, the database ${EXPECT_FILTERED}`);
      for (const r of records) {
        if (!LEVELS.includes(r.level)) throw new Error(`record ${r.id} has level "${r.level}"`);
      }
      await api(`/api/v1/export/${exportId}`, { method: 'DELETE' });
    },
  ],
  [
    'Parquet export split train/validation/test',
    async () => {
      await page.getByRole('menuitem', { name: 'New Export' }).click();
      await page.getByRole('heading', { name: 'Export Data', level: 1 }).waitFor();
      await fillRange(RANGE);
      await pickOption('Data Types', 'logs', { search: true });
      await page.keyboard.press('Escape');
      await page.getByLabel('Processes', { exact: true }).fill(PROCESSES.join(', '));
      await pickOption('Output Format', 'Parquet');
      // Parquet's pages are snappy by default
      await page
        .locator('.ant-select')
        .filter({ has: page.getByLabel('Compression', { exact: true }) })
        .getByText('snappy')
        .waitFor();
      await page.getByRole('button', { name: 'Dataset' }).click();
      await page.getByRole('switch', { name: 'Split' }).click();
      const names = [1, 2, 3].map((i) => page.getByLabel(`Split ${i} name`, { exact: true }));
      for (const [i, want] of SPLITS.entries()) {
        const got = await names[i].inputValue();
        if (got !== want) throw new Error(`split ${i + 1} is preset to "${got}", not ${want}`);
      }
      // the ratios are checked as they are typed
      const first = page.getByLabel('Split 1 ratio', { exact: true });
      await first.fill('0.7');
      await page.getByText('Ratios must sum to 1, not 0.9', { exact: true }).waitFor();
      await first.fill('0.8');
      await page.getByText('Ratios must sum to 1, not 0.9', { exact: true }).waitFor({ state: 'detached' });
      await page
        .getByTestId('split-total')
        .filter({ hasText: /^Total: 1$/ })
        .waitFor();
      await page.getByLabel('Max File Size', { exact: true }).fill('256 megabytes');
      await page.getByText(/^Write a size such as 256MB/).waitFor();
      await page.getByLabel('Max File Size', { exact: true }).fill('');
      await page.getByText(/^Write a size such as 256MB/).waitFor({ state: 'detached' });
      await checkAccessibility('new export with a split', ['#data_types_list', '#output_format_list']);
      await shot('new-export-dataset.png');
      await page.getByRole('button', { name: 'Start Export' }).click();
      await page.waitForURL(UUID_PATH);
      const exportId = UUID_PATH.exec(new URL(page.url()).pathname)[1];
      const config = (await (await api(`/api/v1/export/${exportId}/status`)).json()).config;
      if (config.output_format !== 'parquet' || config.compression !== 'snappy')
        throw new Error(`the export's format reads ${config.output_format}, compression ${config.compression}`);
      const ratios = config.split?.ratios ?? {};
      if (Object.keys(ratios).sort().join() !== [...SPLITS].sort().join() || ratios.train !== 0.8)
        throw new Error(`the export's split reads ${JSON.stringify(config.split)}`);
      await waitForCompletion();
      // the echo lists the splits in name order, the order of their hash ranges
      await page.getByText(/^test 0\.1, train 0\.8, validation 0\.1/).waitFor();

      await page.getByRole('button', { name: 'Get download links' }).click();
      const card = page.getByRole('link', { name: /Data card/ });
      await card.waitFor();
      let records = 0;
      for (const split of SPLITS) {
        const group = page.getByRole('region', { name: `Split ${split}`, exact: true });
        await group.waitFor();
        const links = group.locator('a[data-kind="data"]');
        const paths = await links.evaluateAll((as) => as.map((a) => a.getAttribute('download')));
        if (paths.length === 0 || paths.some((p) => !p.startsWith(`${split}/logs/`) || !p.endsWith('.parquet')))
          throw new Error(`split ${split} lists ${paths.join(', ') || 'no files'}`);
        records += await group
          .locator('tbody tr')
          .evaluateAll((rows) =>
            rows.reduce((n, r) => n + Number((r.querySelector('td.records')?.textContent ?? '0').replace(/,/g, '')), 0),
          );
      }
      if (EXPECT_RECORDS !== null && records !== EXPECT_RECORDS)
        throw new Error(`the splits hold ${records} records together, the database ${EXPECT_RECORDS}`);
      await checkAccessibility('export with splits');
      await shot('export-dataset.png');

      // a Parquet file: "PAR1" at both ends; the data card: YAML front matter
      const trainFile = page
        .getByRole('region', { name: 'Split train', exact: true })
        .locator('a[data-kind="data"]')
        .first();
      const parquet = Buffer.from(await (await fetch(await trainFile.getAttribute('href'))).arrayBuffer());
      if (parquet.subarray(0, 4).toString() !== 'PAR1' || parquet.subarray(-4).toString() !== 'PAR1')
        throw new Error(`${await trainFile.getAttribute('download')} is not a Parquet file`);
      const res = await fetch(await card.getAttribute('href'));
      if (!res.ok) throw new Error(`the data card answered ${res.status}`);
      const text = await res.text();
      if (!text.startsWith('---\n')) throw new Error(`the data card starts ${JSON.stringify(text.slice(0, 40))}`);
      await api(`/api/v1/export/${exportId}`, { method: 'DELETE' });
    },
  ],
  [
    'public key and an encrypted export',
    async () => {
      if (!hasGpg) {
        console.log('    (no gpg: OpenPGP step skipped)');
        return;
      }
      const home = await mkdtemp(path.join(os.tmpdir(), 'e2e-gpg-'));
      const gpg = gpgIn(home);
      try {
        const uid = 'E2E Browser <e2e-browser@example.com>';
        const gen = gpg(['--quick-gen-key', uid, 'default', 'default', 'never']);
        if (gen.status !== 0) throw new Error(`gpg --quick-gen-key failed: ${gen.stderr}`);
        const armor = gpg(['--armor', '--export', 'e2e-browser@example.com']).stdout.toString();
        const fpr = /^fpr:+([0-9A-F]{40}):/m.exec(gpg(['--with-colons', '--fingerprint', uid]).stdout.toString())[1];
        const keyName = `e2e key ${Date.now()}`;

        await page.getByRole('menuitem', { name: 'Management' }).click();
        await page.getByRole('heading', { name: 'Export Management', level: 1 }).waitFor();
        await page.getByLabel('Key name', { exact: true }).fill(keyName);
        await page.getByLabel('Public key', { exact: true }).fill(armor);
        await page.getByRole('button', { name: 'Add key' }).click();
        await page.getByText(grouped(fpr), { exact: true }).waitFor();
        await checkAccessibility('management with a public key');

        await page.getByRole('menuitem', { name: 'New Export' }).click();
        await page.getByRole('heading', { name: 'Export Data', level: 1 }).waitFor();
        await fillRange(RANGE);
        await pickOption('Data Types', 'logs', { search: true });
        await page.keyboard.press('Escape');
        await page.getByLabel('Processes', { exact: true }).fill(PROCESSES.join(', '));
        await pickOption('Output Format', 'CSV');
        await page.getByRole('switch', { name: 'Encrypt with OpenPGP' }).click();
        await pickOption('Recipients', `${keyName} (…${fpr.slice(-16)})`);
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Start Export' }).click();
        await page.waitForURL(UUID_PATH);
        const exportId = UUID_PATH.exec(new URL(page.url()).pathname)[1];
        await waitForCompletion();
        await page.getByText(`OpenPGP to ${keyName} (…${fpr.slice(-16)})`).waitFor();

        await page.getByRole('button', { name: 'Get download links' }).click();
        const link = page.locator('a[data-kind="data"]').first();
        await link.waitFor();
        const name = await link.getAttribute('download');
        if (!name?.endsWith('.csv.pgp')) throw new Error(`the data file is named ${name}, not *.csv.pgp`);
        const res = await fetch(await link.getAttribute('href'));
        if (!res.ok) throw new Error(`download answered ${res.status}`);
        const plain = gpg(['--decrypt'], Buffer.from(await res.arrayBuffer()));
        if (plain.status !== 0) throw new Error(`gpg --decrypt failed: ${plain.stderr}`);
        const records = parseCsv(plain.stdout.toString('utf8'), { columns: true, skip_empty_lines: true });
        if (records.length === 0) throw new Error('the decrypted CSV holds no records');
        if (EXPECT_RECORDS !== null && records.length !== EXPECT_RECORDS)
          throw new Error(`the decrypted CSV holds ${records.length} records, the database ${EXPECT_RECORDS}`);
        await api(`/api/v1/export/${exportId}`, { method: 'DELETE' });

        await page.getByRole('menuitem', { name: 'Management' }).click();
        await page.getByRole('button', { name: `Delete key ${keyName}` }).click();
        await page.getByRole('button', { name: 'Delete key', exact: true }).click();
        await page.getByText(grouped(fpr), { exact: true }).waitFor({ state: 'detached' });
      } finally {
        spawnSync('gpgconf', ['--homedir', home, '--kill', 'gpg-agent']);
        await rm(home, { recursive: true, force: true });
      }
    },
  ],
  [
    'history and delete',
    async () => {
      await page.goto(`${BASE_URL}/history`);
      await page.getByRole('heading', { name: 'Export History', level: 1 }).waitFor();
      const prefix = `${state.exportId.slice(0, 8)}...`;
      const row = page.getByRole('row').filter({ hasText: prefix });
      await row.first().waitFor();
      await checkAccessibility('history');
      await shot('history.png');
      await row.first().getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await row.first().waitFor({ state: 'detached' });
    },
  ],
  [
    'history bulk delete',
    async () => {
      const ids = [];
      for (let i = 0; i < 2; i++) {
        const res = await api('/api/v1/export', { method: 'POST', body: { data_types: ['ips'] } });
        if (!res.ok) throw new Error(`creating an export answered ${res.status}`);
        ids.push((await res.json()).export_id);
      }
      await page.goto(`${BASE_URL}/history`);
      await page.getByRole('heading', { name: 'Export History' }).waitFor();
      const rowOf = (id) => page.getByRole('row').filter({ hasText: `${id.slice(0, 8)}...` });
      for (const id of ids) await rowOf(id).getByRole('checkbox').check();
      await page.getByText('2 selected').waitFor();
      await page.getByRole('button', { name: 'Delete selected' }).click();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByText(/^2 deleted \(freed .*\)$/).waitFor();
      for (const id of ids) {
        await rowOf(id).waitFor({ state: 'detached' });
        const status = (await api(`/api/v1/export/${id}/status`)).status;
        if (status !== 404) throw new Error(`export ${id} answers ${status} after the bulk delete`);
      }
    },
  ],
  [
    'schedule: create, run now and see the run',
    async () => {
      const name = `e2e schedule ${Date.now()}`;
      // through the menu (the page is a client-side route)
      await page.getByRole('menuitem', { name: 'Schedules' }).click();
      await page.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor();
      await checkAccessibility('schedules');
      await page.getByRole('button', { name: 'New schedule' }).click();
      const dialog = page.getByRole('dialog', { name: 'New schedule' });
      await dialog.waitFor();
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      // the API's field error about the cron shows under the field
      const errorsBefore = consoleErrors.length;
      await dialog.getByLabel('Cron', { exact: true }).fill('not a cron');
      await dialog.locator('.ant-form-item-has-error #cron').waitFor();
      allowConsoleErrors(errorsBefore, /status of 400/);
      await dialog.getByLabel('Cron', { exact: true }).fill('0 2 * * *');
      await dialog.locator('.ant-form-item-has-error #cron').waitFor({ state: 'detached' });
      const fireTimes = await dialog.getByTestId('next-fire-times').elementHandle();
      await page.waitForFunction((el) => el.querySelectorAll('li').length === 5, fireTimes);
      // before the selects are opened: their option lists stay in the page, unnamed, once opened
      await checkAccessibility('schedule form');
      await dialog.getByLabel('Time Zone', { exact: true }).click();
      await page.keyboard.type('Europe/Berl');
      await page.locator('.ant-select-item-option[title="Europe/Berlin"]:visible').click();
      // five fire times, now shown in the chosen zone (CET or CEST)
      await page.waitForFunction(
        (el) => el.querySelectorAll('li').length === 5 && /GMT\+[12]$/.test(el.querySelector('li').textContent),
        fireTimes,
      );
      await pickOption('Data Types', 'ips', { search: true });
      await dialog.getByText('Name', { exact: true }).click(); // closes the select's list
      await dialog.getByRole('button', { name: 'Create schedule' }).click();
      await dialog.waitFor({ state: 'detached' });
      const row = page.getByRole('row').filter({ hasText: name });
      await row.first().waitFor();

      await page.getByRole('button', { name: `Run now: ${name}` }).click();
      const started = page.getByTestId('run-started');
      await started.waitFor();
      const exportId = ((await started.getByRole('link').textContent()) || '').trim();
      if (!/^[0-9a-f-]{36}$/.test(exportId)) throw new Error(`run now shows "${exportId}", not an export id`);
      const runs = page.getByRole('region', { name: `Runs of ${name}` });
      const runRow = runs.getByRole('row').filter({ hasText: 'manual' });
      await runRow.first().waitFor();
      const link = runRow.first().getByRole('link');
      if ((await link.getAttribute('href')) !== `/exports/${exportId}`)
        throw new Error(`the run links ${await link.getAttribute('href')}, not the export ${exportId}`);
      await checkAccessibility('schedules with runs');
      await shot('schedules.png');
      await link.click();
      await page.waitForURL(UUID_PATH);
      await page.getByRole('heading', { name: 'Export Status', level: 1 }).waitFor();

      // a direct link (the gateway answers /schedules with the UI)
      await page.goto(`${BASE_URL}/schedules`);
      await row.first().waitFor();
      await page.getByRole('button', { name: `Pause ${name}` }).click();
      await row.first().getByText('paused', { exact: true }).waitFor();
      await page.getByRole('button', { name: `Resume ${name}` }).click();
      await row.first().getByText('enabled', { exact: true }).waitFor();

      await page.getByRole('button', { name: `Edit ${name}` }).click();
      const edit = page.getByRole('dialog', { name: `Edit schedule "${name}"` });
      await edit.getByLabel('Lag', { exact: true }).fill('PT5M');
      await edit.getByRole('button', { name: 'Save schedule' }).click();
      await edit.waitFor({ state: 'detached' });
      const saved = await (await api(`/api/v1/schedules/${await scheduleIdOf(name)}`)).json();
      if (saved.lag !== 'PT5M' || saved.timezone !== 'Europe/Berlin' || saved.export.data_types.join() !== 'ips')
        throw new Error(`the edited schedule reads ${JSON.stringify(saved)}`);

      await page.getByRole('button', { name: `Backfill ${name}` }).click();
      const backfill = page.getByRole('dialog', { name: `Backfill "${name}"` });
      // Enter in the end field would submit the form: its value is confirmed with the panel's OK
      const ends = backfill.locator('.ant-picker-range input');
      await ends.nth(0).click();
      await ends.nth(0).fill('2024-01-01 00:00:00');
      await page.keyboard.press('Enter');
      await ends.nth(1).click();
      await ends.nth(1).fill('2024-01-03 00:00:00');
      await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
      await backfill.getByRole('button', { name: 'Start backfill' }).click();
      await page.getByText(`Backfill of "${name}": 1 run queued`).waitFor();
      await runs.getByRole('row').filter({ hasText: 'backfill' }).first().waitFor();
      await page.getByRole('button', { name: `Delete ${name}` }).click();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await row.first().waitFor({ state: 'detached' });
    },
  ],
  [
    'management cleanup',
    async () => {
      await page.goto(`${BASE_URL}/manage`);
      await page.getByRole('heading', { name: 'Export Management', level: 1 }).waitFor();
      await page.getByText('Total Exports').waitFor();
      await page.getByText('Usage over time').waitFor();
      await page.locator('svg[aria-label="Records per day by data type"]').waitFor();
      await checkAccessibility('management');
      await page.getByRole('button', { name: 'Clean Up Old Exports' }).click();
      await page.getByRole('button', { name: 'Yes, clean up' }).click();
      await page.getByText(/Cleanup done: deleted \d+ exports?, freed /).waitFor();
      await shot('manage.png');
    },
  ],
];

let passed = 0;
let failed = 0;
for (const [i, [name, fn]] of steps.entries()) {
  if (failed) {
    console.log(`  - ${i + 1}. ${name}: skipped`);
    continue;
  }
  const before = consoleErrors.length;
  const t0 = Date.now();
  try {
    await fn();
    const fresh = consoleErrors.slice(before);
    if (fresh.length) throw new Error(`browser errors:\n      ${fresh.join('\n      ')}`);
    passed += 1;
    console.log(`  ✓ ${i + 1}. ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed += 1;
    console.log(`  ✗ ${i + 1}. ${name}: ${err?.message ?? err}`);
    const failShot = path.join(os.tmpdir(), `e2e-failure-${i + 1}.png`);
    await page
      .screenshot({ path: failShot, fullPage: true })
      .then(() => console.log(`    screenshot: ${failShot}`))
      .catch(() => {});
  }
}

await browser.close();
if (!failed) {
  // After the steps, so that one run reports the violations of every page.
  if (a11y.violations.length) {
    failed += 1;
    console.log(`  ✗ accessibility (axe-core, serious and critical) of ${a11y.pages.join(', ')}:`);
    for (const v of a11y.violations) console.log(`      ${v}`);
  } else {
    passed += 1;
    console.log(`  ✓ accessibility (axe-core, serious and critical) of ${a11y.pages.join(', ')}`);
  }
}
const skipped = steps.length + 1 - passed - failed;
console.log(`e2e: ${passed} passed, ${failed + skipped} failed`);
process.exit(failed + skipped ? 1 : 0);
