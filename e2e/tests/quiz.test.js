// The quiz grades answers: question 2 asks how many pods run after scaling (3 for the seed).
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

async function answerQuestion2(app, pick) {
  const question = await app.quizQuestion(2);
  const options = await app.quizOptions(question);
  const option = options.find(pick);
  assert.ok(option, `no matching option in question 2; options: ${JSON.stringify(options.map((o) => o.text))}`);
  await option.button.click();
  return question;
}

// The feedback shown (an unanswered question keeps an empty, hidden one).
const feedbackOf = (question) => async () =>
  (await question.getByTestId('quiz-feedback').allTextContents()).map((t) => t.trim()).filter((t) => t !== '');

test('the correct answer to question 2 says Correct', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const question = await answerQuestion2(app, (option) => option.text === '3');
    await app.until(feedbackOf(question), (texts) => texts.some((t) => t.includes('Correct')), 'quiz-feedback containing "Correct"');
  } finally {
    await app.close();
  }
});

test('a wrong answer to question 2 says Not quite', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const question = await answerQuestion2(app, (option) => option.text !== '3');
    await app.until(feedbackOf(question), (texts) => texts.some((t) => t.includes('Not quite')), 'quiz-feedback containing "Not quite"');
  } finally {
    await app.close();
  }
});

test('answers are cleared when an edit changes the lesson', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const question = await answerQuestion2(app, (option) => option.text === '3');
    await app.until(feedbackOf(question), (texts) => texts.some((t) => t.includes('Correct')), 'quiz-feedback containing "Correct"');
    await app.setManifest((await app.manifest()).replace('replicas: 2', 'replicas: 4'));
    const everyFeedback = async () => (await app.byTestId('quiz-feedback').allTextContents()).map((t) => t.trim()).filter((t) => t !== '');
    // The old answer must not be graded against the new questions.
    await app.until(everyFeedback, (texts) => texts.length === 0, 'no quiz-feedback after the edit');
  } finally {
    await app.close();
  }
});

test('the quiz scores, explains a right answer, points without telling after a wrong one, and keeps answers over a reload', { timeout: TEST_TIMEOUT }, async () => {
  const app = await AppPage.open(browser);
  try {
    const question = await app.quizQuestion(1);
    const options = await app.quizOptions(question);
    const wrong = options.find((o) => o.text !== 'Step 3');
    await wrong.button.click();
    const pointer = await app.until(feedbackOf(question), (texts) => texts.some((t) => t.includes('Not quite')), 'a pointer after a wrong answer');
    assert.doesNotMatch(pointer.join(' '), /Step 3/, 'the pointer does not give the answer away');
    await options.find((o) => o.text === 'Step 3').button.click();
    const explained = await app.until(feedbackOf(question), (texts) => texts.some((t) => t.includes('Correct')), 'the right answer');
    assert.match(explained.join(' '), /kubelet/, 'with why it is right');
    assert.match(await question.getByTestId('quiz-explanation').textContent(), /kubelet/, 'the explanation, marked as such');
    const score = () => app.byTestId('quiz-score').textContent();
    // The seed's three questions, then those generated from its trace.
    const total = await app.byTestId('quiz-question').count();
    assert.ok(total > 3, `${total} questions`);
    const scored = new RegExp(`^1 of ${total} correct \\(1 answered\\)`);
    await app.until(score, (text) => scored.test(text ?? ''), `a score of 1 of ${total}`);
    await app.reload();
    await app.mode('quiz');
    await app.until(score, (text) => scored.test(text ?? ''), 'the answers after a reload');
  } finally {
    await app.close();
  }
});
