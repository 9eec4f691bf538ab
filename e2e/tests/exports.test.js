// The Export menu: the tracker and the events as CSV, the manifest as written and as the
// cluster stores it, each written from the lesson on screen when clicked; and the print
// stylesheet that makes a handout of every mode.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { AppPage, TEST_TIMEOUT, launchBrowser } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function download(app, testId) {
  await app.click('export-menu');
  const [file] = await Promise.all([app.page.waitForEvent('download'), app.click(testId)]);
  const text = await readFile(await file.path(), 'utf8');
  await app.click('export-menu');
  return { name: file.suggestedFilename(), text };
}

const csvRows = (text) => text.trimEnd().split('\r\n').map((line) => line.split(','));

test('the tracker and the events as CSV, the manifest as written and as stored', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.setManifest((await app.manifest()).replace('replicas: 2', 'replicas: 3'));
    await app.until(async () => (await app.tracker()).rows['Deployment replicas'][1], (value) => value === '3', 'the lesson of the edit');
    const tracker = await download(app, 'export-csv');
    assert.equal(tracker.name, 'kubestep-tracker.csv');
    const shown = await app.tracker();
    const rows = csvRows(tracker.text);
    assert.deepEqual(rows[0], shown.headers, 'the tracker\'s columns');
    for (const row of rows.slice(1)) assert.deepEqual(row.slice(1), shown.rows[row[0]], `the ${row[0]} row as the page shows it`);
    assert.equal(shown.rows['Deployment replicas'][1], '3', 'from the edited manifest');

    const events = await download(app, 'export-events-csv');
    const eventRows = csvRows(events.text);
    assert.deepEqual(eventRows[0], ['seconds', 'type', 'reason', 'object', 'source', 'message']);
    await app.mode('transcript');
    const transcriptLines = await app.page.locator('.transcript__events li').count();
    assert.equal(eventRows.length - 1, transcriptLines, 'one row per event of the transcript');
    assert.ok(eventRows.slice(1).every((row) => /^\d+$/.test(row[0]) && ['Normal', 'Warning'].includes(row[1])));

    const written = await download(app, 'export-manifest');
    assert.equal(written.text, await app.manifest(), 'the manifest byte for byte');
    const stored = await download(app, 'export-stored');
    assert.match(stored.text, /imagePullPolicy: Always/, 'defaults filled in');
    assert.match(stored.text, /replicas: 3/);
  } finally {
    await app.close();
  }
});

test('printing makes a handout: every mode\'s panel, no controls or editor', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.page.emulateMedia({ media: 'print' });
    for (const id of ['process-table', 'tracker', 'key-moments', 'quiz', 'concept-snapshot', 'stage']) {
      assert.equal(await app.byTestId(id).first().isVisible(), true, `${id} printed`);
    }
    for (const id of ['play', 'yaml-editor', 'mode-quiz', 'predict']) {
      assert.equal(await app.byTestId(id).first().isVisible(), false, `${id} not printed`);
    }
  } finally {
    await app.close();
  }
});
