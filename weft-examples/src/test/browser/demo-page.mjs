// Drives Debian's chromium (headless, through playwright-core: no browser of its own is downloaded)
// through the demo page at / as two people would, in two tabs: tab A adds a user through the form and
// tab B sees it appear (the live feed); tab A submits an invalid form and reads the messages next to the
// fields; tab B edits the user and tab A sees the change. Every step waits for what it needs to appear
// (playwright's auto-waiting), bounded by TIMEOUT_MS; no fixed sleeps. With SCREENSHOT set, saves tab A
// there. Prints one JSON line on stdout: {listed, appeared, errors, editedAge, failures}.
//
//   SCREENSHOT=demo-page.png node demo-page.mjs http://127.0.0.1:PORT/
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [pageUrl] = process.argv.slice(2);
if (!pageUrl) {
  console.error('usage: node demo-page.mjs PAGE_URL');
  process.exit(2);
}
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS ?? 60000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const EMAIL = 'browser.ada@example.org';

// A fresh profile per run, so nothing a previous run left (cache, service workers) can answer for the server.
const profile = await mkdtemp(join(tmpdir(), 'weft-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: TIMEOUT_MS,
    viewport: { width: 1000, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(TIMEOUT_MS);
  const failures = [];
  const a = context.pages()[0] ?? await context.newPage();
  const b = await context.newPage();
  for (const tab of [a, b]) {
    tab.on('pageerror', error => failures.push(String(error)));
    await tab.goto(pageUrl);
    await tab.locator('#feed-status[data-state="live"]').waitFor();
    await tab.locator('#users tr').first().waitFor();
  }
  const listed = await b.locator('#users tr').count();

  await a.fill('#name', 'Browser Ada');
  await a.fill('#email', EMAIL);
  await a.fill('#age', '36');
  await a.click('#save');
  const row = b.locator('#users tr', { hasText: EMAIL });
  await row.waitFor();
  const appeared = await row.locator('td').allTextContents();

  await a.fill('#name', ' ');
  await a.fill('#email', 'not-an-address');
  await a.fill('#age', '151');
  await a.click('#save');
  const errors = {};
  for (const field of ['name', 'email', 'age']) {
    await a.locator(`#error-${field}:not(:empty)`).waitFor();
    errors[field] = await a.locator(`#error-${field}`).textContent();
  }

  const id = await row.getAttribute('data-id');
  await row.getByRole('button', { name: 'Edit' }).click();
  await b.fill('#age', '37');
  await b.click('#save');
  const age = `#users tr[data-id="${id}"] td:nth-child(4)`;
  await a.waitForFunction(selector => document.querySelector(selector)?.textContent === '37', age);
  const editedAge = await a.locator(age).textContent();

  if (process.env.SCREENSHOT) {
    await a.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  }
  console.log(JSON.stringify({ listed, appeared, errors, editedAge, failures }));
} finally {
  await context?.close();
  await rm(profile, { recursive: true, force: true });
}
