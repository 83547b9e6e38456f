// Drives Debian's chromium (headless, through playwright-core: no browser of its own is downloaded)
// through a Weft API's Swagger UI the way a person would: opens the docs page, reads the operations it
// lists, expands one GET, presses "Try it out" then "Execute", and reads the live response panel.
// Every step waits for what it needs to appear (playwright's auto-waiting), bounded by TIMEOUT_MS; no
// fixed sleeps. Prints one JSON line on stdout: {title, operations, status, body}.
//
//   node swagger-ui.mjs http://127.0.0.1:PORT/docs GET /users
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [docsUrl, method, path] = process.argv.slice(2);
if (!docsUrl || !method || !path) {
  console.error('usage: node swagger-ui.mjs DOCS_URL METHOD PATH');
  process.exit(2);
}
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 60000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// A fresh profile per run, so nothing a previous run left (cache, service workers) can answer for the server.
const profile = await mkdtemp(join(tmpdir(), 'weft-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: TIMEOUT_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = context.pages()[0] ?? await context.newPage();
  const failures = [];
  page.on('pageerror', error => failures.push(String(error)));

  await page.goto(docsUrl);
  await page.locator('.opblock').first().waitFor();
  const title = (await page.locator('.info .title').first().textContent()).trim();
  const operations = await page.locator('.opblock').evaluateAll(blocks => blocks.map(block =>
    block.querySelector('.opblock-summary-method').textContent.trim() + ' '
      + block.querySelector('.opblock-summary-path').getAttribute('data-path')));

  const operation = page.locator(`.opblock-${method.toLowerCase()}`)
    .filter({ has: page.locator(`.opblock-summary-path[data-path="${path}"]`) });
  await operation.locator('.opblock-summary').first().click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  await operation.getByRole('button', { name: 'Execute' }).click();
  // the live response's row (the table's header row has the same classes, with the column titles)
  const response = operation.locator('.live-responses-table tr.response').first();
  await response.waitFor();
  const status = response.locator('.response-col_status');
  const body = await response.locator('.response-col_description .highlight-code pre').first().textContent();

  console.log(JSON.stringify({ title, operations, status: (await status.textContent()).trim(), body, failures }));
} finally {
  await context?.close();
  await rm(profile, { recursive: true, force: true });
}
