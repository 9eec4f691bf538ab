// "Share link" says what the clipboard did: copied, or refused (then the link is in the
// address bar), never "copied" when it was not.
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

const noticeText = (app) => async () => ((await app.byTestId('notice').allTextContents()) ?? []).join(' ');

test('a copied link says so', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.shareLink().click();
    await app.until(noticeText(app), (text) => text.includes('Link copied'), 'the notice "Link copied"');
  } finally {
    await app.close();
  }
});

test('a refused clipboard is reported, not called copied', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await app.shareLink().click();
    const text = await app.until(noticeText(app), (value) => value.includes('did not allow'), 'the notice saying the copy was refused');
    assert.ok(!text.includes('Link copied'), text);
    assert.match(await app.page.evaluate(() => location.hash), /^#yaml=/);
  } finally {
    await app.close();
  }
});
