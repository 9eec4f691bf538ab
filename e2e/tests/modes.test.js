// The mode tabs: each shows its own panel of the same lesson at the same step, arrow keys move
// between tabs, [ and ] work from anywhere else, and the mode stays in the address so a reload
// or a link opens it again.
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

const PANELS = {
  visual: 'stage',
  table: 'process-table',
  tracker: 'tracker',
  moments: 'key-moments',
  quiz: 'quiz',
  snapshot: 'concept-snapshot',
  transcript: 'transcript',
  kubectl: 'kubectl',
  predict: 'predict',
};

const selectedTab = (app) => () =>
  app.page.evaluate(() => document.querySelector('[role=tab][aria-selected=true]')?.getAttribute('data-testid'));

test('each mode shows its panel at the same step, by click and by keyboard, and stays in the address', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.pressOnBody('5');
    await app.expectStep(5);
    for (const [mode, panel] of Object.entries(PANELS)) {
      await app.mode(mode);
      assert.ok(await app.byTestId(panel).first().isVisible(), `${mode} shows ${panel}`);
      const others = Object.entries(PANELS).filter(([other]) => other !== mode);
      for (const [other, hidden] of others) {
        const visible = (await app.byTestId(hidden).count()) > 0 && (await app.byTestId(hidden).first().isVisible());
        assert.equal(visible, false, `${other}'s ${hidden} hidden in ${mode}`);
      }
      assert.equal(await app.counter(), 'Step 5 of 8', `${mode} keeps the step`);
    }
    // Arrow keys on the focused tab list: from the transcript back to the snapshot.
    await app.byTestId('mode-transcript').focus();
    await app.page.keyboard.press('ArrowLeft');
    await app.until(selectedTab(app), (tab) => tab === 'mode-snapshot', 'ArrowLeft selects the previous tab');
    assert.equal(await app.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'mode-snapshot');
    await app.pressOnBody(']');
    await app.until(selectedTab(app), (tab) => tab === 'mode-transcript', '] selects the next mode');
    assert.match(app.page.url(), /[?&]mode=transcript/);
    await app.reload();
    await app.until(selectedTab(app), (tab) => tab === 'mode-transcript', 'the mode after a reload');
    await app.mode('visual');
    assert.doesNotMatch(app.page.url(), /mode=/, 'the default mode leaves the address clean');
    const quizLink = new URL(BASE_URL);
    quizLink.search = '?mode=quiz';
    const linked = await AppPage.open(browser, quizLink.href);
    try {
      await linked.until(selectedTab(linked), (tab) => tab === 'mode-quiz', 'a link opens its mode');
    } finally {
      await linked.close();
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('every mode follows an edited manifest, by click and by keyboard', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.setManifest((await app.manifest()).replace('name: ml-model', 'name: edited-model').replaceAll('app: ml-model', 'app: edited-model'));
    await app.until(() => app.processRowTexts(), (rows) => rows[0]?.includes("'edited-model'"), 'the lesson of the edit');
    await app.pressOnBody('3');
    await app.expectStep(3);
    await app.mode('visual');
    for (const [mode, panel] of Object.entries(PANELS)) {
      if (mode !== 'visual') await app.pressOnBody(']');
      await app.until(selectedTab(app), (tab) => tab === `mode-${mode}`, `] reaches ${mode}`);
      const text = await app.byTestId(panel).first().textContent();
      assert.ok(await app.byTestId(panel).first().isVisible(), `${mode} shows ${panel}`);
      if (['table', 'transcript', 'kubectl'].includes(mode)) assert.match(text, /edited-model/, `${mode} speaks of the edited manifest`);
      assert.equal(await app.counter(), 'Step 3 of 8', `${mode} keeps the step`);
    }
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});
