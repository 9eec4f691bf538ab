// Time from navigation start to the first visible pod on the stage, as the page itself measures
// it (performance.now() counts from navigation start). Reported, not asserted.
import { after, before, test } from 'node:test';
import { writeFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ARTIFACTS, AppPage, BASE_URL, TEST_TIMEOUT, TIMEOUT, launchBrowser, waitUntil } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

// Runs in the page before its own scripts: notes when a pod of the picture first has a box.
function watchFirstRow() {
  const seen = () => {
    const row = document.querySelector('[data-testid="stage"] [data-testid="pod"]');
    if (!row || window.__firstRowMs !== undefined) return;
    const box = row.getBoundingClientRect();
    if (box.width > 0 && box.height > 0) window.__firstRowMs = performance.now();
    else requestAnimationFrame(seen); // in the DOM but not laid out yet (styles loading)
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

test('the first picture renders', { timeout: TEST_TIMEOUT }, async (t) => {
  const context = await browser.newContext();
  try {
    await context.addInitScript(watchFirstRow);
    const app = new AppPage(context, await context.newPage());
    const wallStart = Date.now();
    await app.page.goto(BASE_URL, { waitUntil: 'commit', timeout: TIMEOUT });
    await app.page.locator('[data-testid=stage] [data-testid=pod]').first().waitFor({ state: 'visible', timeout: TIMEOUT });
    const wallMs = Date.now() - wallStart;
    const pageMs = await waitUntil(
      () => app.page.evaluate(() => window.__firstRowMs),
      (ms) => typeof ms === 'number',
      { what: 'the in-page first-row timestamp', page: app },
    );
    t.diagnostic(`first pod of the picture visible ${Math.round(pageMs)} ms after navigation start (${wallMs} ms wall clock)`);
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(
      resolve(ARTIFACTS, 'first-render.json'),
      `${JSON.stringify({ firstPictureMs: Math.round(pageMs), wallClockMs: wallMs })}\n`,
    );
  } finally {
    await context.close();
  }
});
