// The whole state lives in the address: manifest, step, frame inside the step, mode, speed and
// theme are written as the student moves, restored by a link or a reload, applied when the
// fragment changes on an open page, and links from older versions still open.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, BASE_URL, TEST_TIMEOUT, launchBrowser } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Everything on screen that the address should carry. */
async function shown(app) {
  return {
    manifest: await app.manifest(),
    counter: await app.counter(),
    position: await app.byTestId('frame-position').textContent(),
    mode: await app.page.locator('[role=tab][aria-selected=true]').getAttribute('data-testid'),
    speed: await app.byTestId('speed').inputValue(),
    theme: await app.byTestId('theme-toggle').inputValue(),
    dataTheme: await app.page.evaluate(() => document.documentElement.getAttribute('data-theme')),
  };
}

test('a link restores every piece of state exactly, and so does a reload', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.setManifest((await app.manifest()).replace('replicas: 2', 'replicas: 3') + '# ünïcödé ✓\r\n');
    for (let step = 1; step < 6; step += 1) await app.click('step-next');
    await app.expectStep(6);
    // One change back inside step 6, with the timeline's keys.
    await app.byTestId('timeline-slider').press('ArrowLeft');
    await app.until(() => app.page.url(), (url) => /[#&]frame=\d+/.test(url), 'the frame in the address');
    await app.byTestId('speed').selectOption('4');
    await app.byTestId('theme-toggle').selectOption('dark');
    await app.mode('quiz');
    const before = await shown(app);
    assert.equal(before.dataTheme, 'dark');
    const link = app.page.url();
    assert.match(link, /#sum=[0-9a-f]{8}&yaml=[A-Za-z0-9_-]+&step=6&frame=\d+&mode=quiz&speed=4&theme=dark$/);

    const opened = await AppPage.open(browser, link);
    try {
      await opened.until(() => shown(opened), (now) => JSON.stringify(now) === JSON.stringify(before), 'the same state from the link');
    } finally {
      await opened.close();
    }
    await app.reload();
    await app.until(() => shown(app), (now) => JSON.stringify(now) === JSON.stringify(before), 'the same state after a reload');
  } finally {
    await app.close();
  }
});

test('a fragment changed on an open page is applied', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const other = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hashed\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: hashed\n  template:\n    metadata:\n      labels:\n        app: hashed\n    spec:\n      containers:\n      - name: model\n        image: mlmodel:latest\n';
    const yaml = Buffer.from(other).toString('base64url');
    await app.page.evaluate((fragment) => { location.hash = fragment; }, `#step=3&mode=table&theme=light`);
    await app.until(() => shown(app), (now) => now.counter === 'Step 3 of 8' && now.mode === 'mode-table' && now.theme === 'light', 'step, mode and theme from the new fragment');
    await app.page.evaluate((fragment) => { location.hash = fragment; }, `#yaml=${yaml}&step=2`);
    await app.until(() => app.manifest(), (text) => text === other, 'the manifest from the new fragment');
    await app.expectStep(2);
    const rows = await app.processRowTexts();
    assert.match(rows[0], /Deployment 'hashed' created/);
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('links from older versions still open: a share link and a mode in the query', { timeout: TEST_TIMEOUT }, async () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: old-link\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: old-link\n  template:\n    metadata:\n      labels:\n        app: old-link\n    spec:\n      containers:\n      - name: model\n        image: mlmodel:latest\n';
  const app = await AppPage.open(browser, `${BASE_URL}?mode=snapshot#yaml=${Buffer.from(text).toString('base64url')}&step=4`);
  try {
    assert.equal(await app.manifest(), text);
    await app.expectStep(4);
    assert.equal((await shown(app)).mode, 'mode-snapshot');
  } finally {
    await app.close();
  }
});
