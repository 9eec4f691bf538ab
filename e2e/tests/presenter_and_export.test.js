// Instructors: presenter mode hides the editor (button, P key, or ?present in the address),
// and the lesson downloads as Markdown computed from the current manifest.
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

const editorVisible = (app) => () => app.editor().isVisible();

test('presenter mode hides the editor and comes back', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.click('present-toggle');
    await app.until(editorVisible(app), (visible) => visible === false, 'the editor hidden');
    await app.pressOnBody('p');
    await app.until(editorVisible(app), (visible) => visible === true, 'the editor back after P');
    await app.goto(`${BASE_URL}?present`);
    await app.until(editorVisible(app), (visible) => visible === false, 'the editor hidden by ?present');
    await app.screenshot('presenter.png');
  } finally {
    await app.close();
  }
});

test('the Markdown download holds the lesson of the current manifest', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const markdown = async () => {
      const href = (await app.byTestId('export-markdown').getAttribute('href')) ?? '';
      return href.startsWith('data:text/markdown') ? decodeURIComponent(href.slice(href.indexOf(',') + 1)) : '';
    };
    await app.until(markdown, (text) => text.includes('| 1 | Apply Deployment YAML | kubectl |'), 'the process table in the export');
    assert.equal(await app.byTestId('export-markdown').getAttribute('download'), 'kubestep-lesson.md');
    await app.setManifest((await app.manifest()).replace('replicas: 2', 'replicas: 4'));
    await app.until(markdown, (text) => text.includes("created with 4 replicas"), 'the export follows the edit');
  } finally {
    await app.close();
  }
});
