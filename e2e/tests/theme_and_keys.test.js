// The theme picker (system, light or dark, remembered) and the `?` list of shortcuts, which
// never opens while the student types.
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

const rootBackground = (app) => () => app.page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('the theme picker switches light and dark and remembers the choice', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const light = await rootBackground(app)();
    await app.byTestId('theme-toggle').selectOption('dark');
    const dark = await app.until(rootBackground(app), (colour) => colour !== light, 'a dark background');
    assert.match(dark, /rgb\(13, 17, 23\)/);
    await app.reload();
    await app.until(rootBackground(app), (colour) => colour === dark, 'dark after a reload');
    assert.equal(await app.byTestId('theme-toggle').inputValue(), 'dark');
    await app.byTestId('theme-toggle').selectOption('light');
    await app.until(rootBackground(app), (colour) => colour === light, 'light again');
  } finally {
    await app.close();
  }
});

test('? lists the shortcuts and Esc closes them; typing ? in the editor does not', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const overlay = app.byTestId('shortcuts');
    await app.typeAtEnd('# what? ');
    assert.equal(await overlay.isVisible(), false, 'no overlay while typing');
    await app.pressOnBody('?');
    await app.until(() => overlay.isVisible(), (visible) => visible, 'the overlay after ?');
    assert.match((await overlay.textContent()) ?? '', /previous \/ next mode/);
    await app.page.keyboard.press('Escape');
    await app.until(() => overlay.isVisible(), (visible) => !visible, 'closed by Esc');
  } finally {
    await app.close();
  }
});
