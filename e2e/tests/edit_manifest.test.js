// Editing the manifest: the lesson follows valid YAML; invalid YAML shows located
// diagnostics and keeps the last good lesson on screen.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, STEP_COUNT, TEST_TIMEOUT, launchBrowser } from './app_page.js';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('replicas: 4 flows into the process table and tracker; bad YAML shows a diagnostic', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const seed = await app.manifest();
    assert.match(seed, /replicas: 2\b/, 'the seed manifest should say replicas: 2');
    let edited = seed.replace(/replicas: 2\b/, 'replicas: 4');
    if (!edited.endsWith('\n')) edited += '\n';
    await app.setManifest(edited);

    await app.until(
      async () => (await app.processRowTexts())[0],
      (row) => row?.includes('created with 4 replicas'),
      'process row 1 to say "created with 4 replicas"',
    );
    const afterStep1 = async () => {
      const { headers, rows } = await app.tracker();
      return rows['Deployment replicas']?.[headers.indexOf('After Step 1') - 1];
    };
    await app.until(afterStep1, (value) => value === '4', 'tracker "Deployment replicas" After Step 1 to be "4"');

    await app.typeAtEnd('  bad: [');
    const diagnostics = await app.until(
      () => app.diagnostics(),
      (items) => items.some((text) => /^line \d+, column \d+: /.test(text)),
      'a diagnostic reading "line L, column C: message"',
    );
    assert.ok(diagnostics.length >= 1);

    // The last good lesson stays.
    const rows = await app.processRowTexts();
    assert.equal(rows.length, STEP_COUNT, 'process rows while the YAML is invalid');
    assert.ok(rows[0].includes('created with 4 replicas'), `process row 1 should still show the last good lesson, got "${rows[0]}"`);
    assert.equal(await afterStep1(), '4', 'tracker After Step 1 replicas while the YAML is invalid');
    await app.screenshot('diagnostic.png');
  } finally {
    await app.close();
  }
});
