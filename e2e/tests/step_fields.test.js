// "In your YAML": each step names the lines of the manifest that decide it, and a click puts
// the caret there.
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

const linkTexts = (app) => async () => (await app.byTestId('field-link').allTextContents()).map((t) => t.trim());

test('step 1 links spec.replicas and a click selects that line', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.click('step-first');
    await app.until(linkTexts(app), (texts) => texts.includes('line 6 · spec.replicas'), 'a link to spec.replicas');
    await app.byTestId('field-link').filter({ hasText: 'spec.replicas' }).click();
    const caret = await app.page.evaluate(() => {
      const editor = document.getElementById('manifest');
      const before = editor.value.slice(0, editor.selectionStart);
      const lines = before.split('\n');
      return { line: lines.length, column: lines[lines.length - 1].length + 1, focused: document.activeElement === editor };
    });
    assert.deepEqual(caret, { line: 6, column: 3, focused: true });
    await app.pressOnBody('3');
    await app.until(linkTexts(app), (texts) => texts.some((t) => t.endsWith('containers[0].image')), 'step 3 links the image');
  } finally {
    await app.close();
  }
});
