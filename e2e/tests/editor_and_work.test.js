// The editor as a student types in it (Tab indents with spaces, Esc then Tab leaves, YAML
// colours, diagnostics in the gutter and underlined at their line and column with the message
// on hover), and nothing they typed is lost: an example loaded over their text can be undone
// and arrow keys never load another, a reload after a share link keeps later edits, and a
// broken manifest restored at load shows the seed lesson, not an empty page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AppPage, BASE_URL, TEST_TIMEOUT, launchBrowser } from './app_page.js';

/** The page's localStorage key for the manifest (`STORAGE_KEY` in src/ui/state.rs). */
const STORAGE_KEY = 'kubestep.manifest.v1';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('Tab and Shift+Tab indent with spaces; Esc then Tab leaves the editor', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.setManifest('a:\nb: 1\n');
    const editor = app.editor();
    await editor.click();
    await editor.evaluate((textarea) => textarea.setSelectionRange(3, 3));
    await app.page.keyboard.press('Tab');
    await app.until(() => app.manifest(), (text) => text === 'a:\n  b: 1\n', 'Tab indents the line with two spaces');
    await app.page.keyboard.press('Shift+Tab');
    await app.until(() => app.manifest(), (text) => text === 'a:\nb: 1\n', 'Shift+Tab takes them away');
    await app.page.keyboard.press('Escape');
    await app.page.keyboard.press('Tab');
    const focused = await app.page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    assert.notEqual(focused, 'yaml-editor', 'Esc, then Tab moves the focus on');
    assert.equal(await app.manifest(), 'a:\nb: 1\n', 'that Tab inserted nothing');
  } finally {
    await app.close();
  }
});

test('diagnostics sit in the gutter and under their token, with the message on hover', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.typeAtEnd('  bogus: 1\n');
    // The seed's warnings are underlined already: wait for this error, then find its marks.
    const listed = await app.until(() => app.diagnostics(), (all) => all.some((text) => text.includes('bogus')), 'the diagnostic listed');
    const diagnostic = listed.find((text) => text.includes('bogus'));
    const [, line, column] = diagnostic.match(/line (\d+), column (\d+)/);
    const underline = app.page.locator(`[data-testid=underline][data-line="${line}"]`);
    await underline.waitFor({ state: 'attached', timeout: 30_000 });
    assert.equal(await underline.getAttribute('data-line'), line);
    assert.equal(await underline.getAttribute('data-column'), column);
    assert.match((await underline.getAttribute('title')) ?? '', /unknown field "spec\.bogus"/);
    const marker = app.page.locator(`[data-testid=gutter-marker][data-line="${line}"]`);
    assert.match((await marker.getAttribute('title')) ?? '', /bogus/);
    // The underline lies under the text it marks: its box starts where column `column` does.
    const boxes = await app.page.evaluate((at) => {
      const mark = document.querySelector(`[data-testid=underline][data-line="${at}"]`).getBoundingClientRect();
      const text = document.querySelector('[data-testid=yaml-editor]').getBoundingClientRect();
      return { left: mark.left - text.left, width: mark.width };
    }, line);
    assert.ok(boxes.width > 20, `the underline spans the word (${boxes.width}px)`);
    // Highlighting: keys have their colour class.
    assert.ok((await app.page.locator('.code__colours .hl-key').count()) > 5, 'keys highlighted');
    await app.screenshot('editor-diagnostics.png');
  } finally {
    await app.close();
  }
});

test('an example over edited text can be undone, and arrow keys never load another', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.typeAtEnd('# my own notes\n');
    const mine = await app.manifest();
    await app.byTestId('example-picker').selectOption({ index: 2 });
    await app.until(() => app.manifest(), (text) => text !== mine, 'the example loaded');
    const example = await app.manifest();
    const focused = await app.page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    assert.notEqual(focused, 'example-picker', 'focus left the picker');
    await app.page.keyboard.press('ArrowDown');
    await app.page.keyboard.press('ArrowUp');
    assert.equal(await app.manifest(), example, 'arrow keys changed nothing');
    await app.click('undo-example');
    await app.until(() => app.manifest(), (text) => text === mine, 'Undo brings the student\'s text back');
  } finally {
    await app.close();
  }
});

test('a reload after opening a share link keeps the edits made since', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.typeAtEnd('# shared\n');
    await app.shareLink().click();
    const link = await app.until(() => app.page.url(), (url) => url.includes('&yaml='), 'a share link');
    // Editing after sharing, then reloading, keeps the edit (the stale link leaves the address).
    await app.typeAtEnd('# after sharing\n');
    await app.reload();
    await app.until(() => app.manifest(), (text) => text.endsWith('# shared\n# after sharing\n'), 'the edit made after sharing');
    const opened = await AppPage.open(browser, link);
    try {
      await opened.until(() => opened.manifest(), (text) => text.endsWith('# shared\n'), 'the shared manifest');
      await opened.typeAtEnd('# and later\n');
      await opened.reload();
      await opened.until(() => opened.manifest(), (text) => text.endsWith('# shared\n# and later\n'), 'the later edit after reload');
    } finally {
      await opened.close();
    }
  } finally {
    await app.close();
  }
});

test('a broken manifest restored at load shows the seed lesson, not an empty page', { timeout: TEST_TIMEOUT }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript(([key]) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem(key, 'apiVersion: apps/v1\nkind: Deployment\nspec: [unclosed\n');
      sessionStorage.setItem('seeded', '1');
    }
  }, [STORAGE_KEY]);
  const app = new AppPage(context, await context.newPage());
  try {
    await app.goto(BASE_URL);
    assert.match(await app.manifest(), /\[unclosed/, 'the student\'s text is kept');
    assert.ok((await app.diagnostics()).length > 0, 'its error is shown');
    const rows = await app.processRowTexts();
    assert.match(rows[0], /Deployment 'ml-model' created/, 'the seed lesson is on screen');
    assert.ok((await app.byTestId('pod').count()) > 0, 'with its picture');
  } finally {
    await app.close();
  }
});

test('a slow manifest\'s lesson follows each edit once typing pauses', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const slow = (await app.manifest()).replace('replicas: 2', 'replicas: 1000');
    for (const replicas of [1000, 999, 1000, 998]) {
      await app.setManifest(slow.replace('replicas: 1000', `replicas: ${replicas}`));
      await app.until(
        async () => (await app.processRowTexts())[0],
        (row) => row?.includes(`with ${replicas} replicas`),
        `the lesson of ${replicas} replicas`,
      );
    }
  } finally {
    await app.close();
  }
});

test('the caret in a field marks the steps it decides', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const text = await app.manifest();
    const line = text.split('\n').findIndex((l) => l.trim().startsWith('replicas:'));
    const offset = text.split('\n').slice(0, line).join('\n').length + 6;
    await app.editor().click();
    await app.editor().evaluate((area, at) => { area.setSelectionRange(at, at); }, offset);
    await app.page.keyboard.press('ArrowRight');
    const said = await app.until(() => app.byTestId('caret-steps').textContent(), (t) => t.includes('decides steps'), 'the caret line');
    assert.equal(said.trim(), `Line ${line + 1} decides steps 1, 8, marked in the lesson.`);
    const outlined = await app.page.locator('.flow__button').evaluateAll((buttons) => buttons.map((b) => getComputedStyle(b).outlineStyle));
    assert.deepEqual(outlined, ['dashed', 'none', 'none', 'none', 'none', 'none', 'none', 'dashed']);
    // In the picture: the Deployment and its ReplicaSets, not the nodes.
    const dashed = (selector) => app.page.locator(selector).first().evaluate((shape) => getComputedStyle(shape).strokeDasharray);
    assert.notEqual(await dashed('.stage-box--deployment'), 'none', 'the Deployment marked');
    assert.equal(await dashed('.stage-box--node'), 'none', 'the nodes not marked');
  } finally {
    await app.close();
  }
});
