// "Copy link" and "Copy embed code" say what the clipboard did: copied, or refused (then the
// text is shown selected, to copy by hand), never "copied" when it was not.
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
    const offered = app.byTestId('copy-by-hand');
    assert.equal(await offered.inputValue(), app.page.url(), 'the link offered by hand is the page\'s address');
    const selected = await offered.evaluate((field) => [field.selectionStart, field.selectionEnd, field.value.length, document.activeElement === field]);
    assert.deepEqual(selected, [0, selected[2], selected[2], true], 'the whole link is selected and focused');
  } finally {
    await app.close();
  }
});

test('without a clipboard at all (an insecure page), the embed code is offered by hand', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
    await app.mode('quiz');
    await app.click('copy-embed');
    await app.until(noticeText(app), (value) => value.includes('did not allow'), 'the notice saying the copy was refused');
    const snippet = await app.byTestId('copy-by-hand').inputValue();
    assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?embed=1&amp;mode=quiz#sum=[0-9a-f]{8}&amp;yaml=[A-Za-z0-9_-]+&amp;step=1&amp;mode=quiz" title="KubeStep lesson" width="100%" height="640"/);
    assert.deepEqual(app.errors, [], 'no page errors');
  } finally {
    await app.close();
  }
});

test('a copied embed code is the iframe snippet for this manifest, step and mode', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.click('step-next');
    await app.click('copy-embed');
    await app.until(noticeText(app), (value) => value.includes('Embed code copied'), 'the notice "Embed code copied"');
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, /^<iframe src="[^"]+\?embed=1#sum=[0-9a-f]{8}&amp;yaml=[A-Za-z0-9_-]+&amp;step=2"/);
  } finally {
    await app.close();
  }
});
