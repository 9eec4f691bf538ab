// The manifest survives a reload (localStorage) and travels in a share link (#yaml=).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, TEST_TIMEOUT, launchBrowser } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('an edit survives reload and opens unchanged from the share link', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  let shared;
  let edited;
  try {
    const seed = await app.manifest();
    assert.match(seed, /replicas: 2\b/, 'the seed manifest should say replicas: 2');
    edited = `# kept across reloads\n${seed.replace(/replicas: 2\b/, 'replicas: 5')}`;
    await app.setManifest(edited);
    // Once the lesson shows the edit, the app has taken it in (and saved it).
    await app.until(
      async () => (await app.processRowTexts())[0],
      (row) => row?.includes('created with 5 replicas'),
      'process row 1 to say "created with 5 replicas"',
    );

    await app.reload();
    assert.equal(await app.manifest(), edited, 'editor text after reload');

    await app.shareLink().click();
    shared = await app.until(
      () => app.page.evaluate(() => location.href),
      (href) => /^#sum=[0-9a-f]{8}&yaml=/.test(new URL(href).hash),
      'location.hash to start with "#sum=…&yaml=" after clicking share-link',
    );
  } finally {
    await app.close();
  }

  const fresh = await AppPage.open(browser, shared);
  try {
    assert.equal(await fresh.manifest(), edited, 'editor text opened from the share link in a new context');
  } finally {
    await fresh.close();
  }
});
