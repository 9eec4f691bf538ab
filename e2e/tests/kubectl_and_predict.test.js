// The kubectl mode answers typed commands at the moment on screen, in kubectl's columns, from
// the same trace the picture draws; the Predict mode asks before each step and grades the
// answer with its arithmetic; the quiz goes beyond the seed's three questions.
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

async function kubectl(app, command) {
  const input = app.byTestId('kubectl-input');
  await input.fill(command);
  await input.press('Enter');
  const output = app.byTestId('kubectl-output');
  await app.until(() => output.textContent(), (text) => text.startsWith(`$ kubectl ${command}\n`), `the output of ${command}`);
  return (await output.textContent()).split('\n').slice(1);
}

/** Rows of a kubectl table: header cells and each row's cells (split on runs of 3+ spaces or the tab writer's padding). */
function table(lines) {
  const rows = lines.filter((line) => line.trim() !== '').map((line) => line.trim().split(/\s{2,}/));
  return { header: rows[0], rows: rows.slice(1) };
}

test('kubectl get pods prints what the picture shows, at every step', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.mode('kubectl');
    // The default command: every kind, wide, with kubectl's kind/name prefixes.
    const first = (await app.byTestId('kubectl-output').textContent()).split('\n');
    assert.equal(first[0], '$ kubectl get deploy,rs,pods,svc,hpa -o wide');
    assert.ok(first.some((line) => line.startsWith('deployment.apps/ml-model')), first.join('\n'));
    for (const step of [2, 3, 6, 8]) {
      await app.pressOnBody(String(step));
      await app.expectStep(step);
      const { header, rows } = table(await kubectl(app, 'get pods'));
      assert.deepEqual(header, ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], `step ${step} header`);
      const pods = await app.pods();
      assert.deepEqual(rows.map((row) => row[0]).sort(), pods.map((pod) => pod.name).sort(), `step ${step}: the same pods as the picture`);
      for (const row of rows) {
        const pod = pods.find((p) => p.name === row[0]);
        const status = await app.page.locator(`[data-testid=pod][data-name="${row[0]}"]`).getAttribute('data-status');
        assert.equal(row[2], status, `step ${step}: ${row[0]}'s STATUS`);
        assert.equal(row[1], pod.ready === 'true' ? '1/1' : '0/1', `step ${step}: ${row[0]}'s READY`);
        assert.match(row[4], /^\d+(s|m\d*s?|m)$/, `step ${step}: AGE in kubectl's form`);
      }
    }
  } finally {
    await app.close();
  }
});

test('the prompt completes names, recalls commands, and answers as kubectl does', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.pressOnBody('3');
    await app.mode('kubectl');
    const input = app.byTestId('kubectl-input');
    await input.fill('get po');
    await input.press('Tab');
    assert.equal(await input.inputValue(), 'get pods ');
    const pods = (await app.pods()).map((pod) => pod.name);
    await input.fill(`describe pod ${pods[0].slice(0, -3)}`);
    await input.press('Tab');
    assert.equal(await input.inputValue(), `describe pod ${pods[0]} `, 'a unique name completes');
    await input.press('Enter');
    const described = (await app.byTestId('kubectl-output').textContent());
    assert.match(described, new RegExp(`^Name:\\s+${pods[0]}$`, 'm'));
    assert.match(described, /^Node:\s+node-\d/m);
    const unknown = await kubectl(app, 'foo');
    assert.equal(unknown[0], 'error: unknown command "foo" for "kubectl"');
    const missing = await kubectl(app, 'get pod nope');
    assert.equal(missing[0], 'Error from server (NotFound): pods "nope" not found');
    // ↑ recalls the commands typed before; keys typed here never drive the lesson.
    await input.press('ArrowUp');
    assert.equal(await input.inputValue(), 'get pod nope');
    await input.fill('] [ 5 ');
    assert.equal(await app.counter(), 'Step 3 of 8');
    assert.equal(await app.page.locator('[role=tab][aria-selected=true]').getAttribute('data-testid'), 'mode-kubectl');
    const status = await kubectl(app, 'rollout status deployment/ml-model');
    assert.ok(status.length > 0 && status[0].length > 0, status.join('\n'));
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('a predict round: each step asked before it is shown, graded with its arithmetic, to a score', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.mode('predict');
    const question = app.byTestId('predict-question');
    // Step 1 of the seed: the Deployment's two replicas.
    assert.equal(await question.getAttribute('data-step'), '1');
    await app.byTestId('predict-input').fill('2 pods');
    await app.click('predict-submit');
    const result = app.byTestId('predict-result');
    await app.until(() => result.getAttribute('data-correct'), (correct) => correct === 'true', 'a correct verdict');
    assert.match(await result.textContent(), /line 6: spec\.replicas/);
    await app.expectStep(1);
    let answered = 1;
    for (;;) {
      if ((await question.count()) === 0) break;
      const step = Number(await question.getAttribute('data-step'));
      const field = app.byTestId('predict-input');
      const isChoice = (await field.evaluate((element) => element.tagName)) === 'SELECT';
      // A wrong number on purpose for the autoscaler: the verdict gives the sum.
      if (!isChoice) await field.fill(step === 5 ? '7' : '0');
      await field.press('Enter');
      answered += 1;
      await app.until(() => app.byTestId('predict-score').textContent(), (text) => text.includes(`(${answered} answered)`), `${answered} answered`);
      await app.expectStep(step);
      if (step === 5) {
        assert.equal(await result.getAttribute('data-correct'), 'false');
        assert.match(await result.textContent(), /Not quite: the answer is 3\..*proposal = ⌈2 ready pods × 75 ÷ 50⌉ = 3/);
      }
    }
    assert.match(await app.byTestId('predict-score').textContent(), new RegExp(`^\\d+ of ${answered} predictions right \\(${answered} answered\\)$`));
    assert.deepEqual(app.errors, []);
  } finally {
    await app.close();
  }
});

test('the quiz asks beyond the seed\'s three questions, to a score', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    await app.mode('quiz');
    const questions = app.byTestId('quiz-question');
    const count = await questions.count();
    assert.ok(count > 3, `${count} questions`);
    for (let n = 0; n < count; n += 1) await questions.nth(n).getByTestId('quiz-option').first().click();
    await app.until(() => app.byTestId('quiz-score').textContent(), (text) => text.includes(`(${count} answered)`), 'every question answered');
  } finally {
    await app.close();
  }
});
