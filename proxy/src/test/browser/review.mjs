// Drives Debian's chromium through the Gatehouse web UI as a reviewer would: sign in with a token, open the
// quarantine queue, open the entry of one package, approve it with a reason. Run by ReviewInBrowserTest:
//
//   node review.mjs <gatehouse-url> <token> <package> <version> <reason> <screenshot.png> [<hostile-package>]
//
// A hostile package, when named, is another pending entry whose findings hold markup: the page must show it as
// text and never as elements.
// Exits 0 when every step was seen on screen, 1 with the failed step otherwise. The browser may talk to Gatehouse
// only: any other request is aborted and fails the run, which proves that the UI works offline. Besides the
// screenshot named, it saves -overview, -package and -audit variants of it for a look at those pages.

import { chromium } from 'playwright-core';

const [base, token, pkg, version, reason, screenshot, hostile] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node review.mjs <gatehouse-url> <token> <package> <version> <reason> <screenshot.png>');
  process.exit(2);
}
const origin = new URL(base).origin;
const STEP_TIMEOUT = 20_000;
const problems = [];

function step(name) {
  console.log('step: ' + name);
}

const browser = await chromium.launch({
  executablePath: process.env.GATEHOUSE_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(STEP_TIMEOUT);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    problems.push('the page tried to load ' + url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push('script error: ' + error.message));
  page.on('console', (message) => {
    // A CSP violation is reported on the console; any of them means the UI relies on something the policy forbids.
    // Chrome also logs every 4xx answer ("Failed to load resource"); the wrong token and whoami on an older server
    // answer those on purpose.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push('console error: ' + message.text());
    }
  });

  step('open /ui (redirects to /ui/) and sign in');
  await page.goto(origin + '/ui');
  if (new URL(page.url()).pathname !== '/ui/') throw new Error('/ui did not redirect to /ui/, but to ' + page.url());
  await page.fill('#token', 'not-the-token');
  await page.click('form.sign-in button[type=submit]');
  await page.getByText('Gatehouse refused this token.').waitFor();
  await page.fill('#token', token);
  await page.click('form.sign-in button[type=submit]');
  await page.locator('h1', { hasText: 'Overview' }).waitFor();
  await page.locator('svg.chart').waitFor();
  const bars = await page.locator('svg.chart rect').count();
  if (bars !== 28) throw new Error('the overview chart should draw 2 bars for each of 14 days, drew ' + bars);
  await page.locator('a.tile', { hasText: 'Open for review' }).locator('.tile-value', { hasText: /^[1-9][0-9]*$/ })
    .waitFor();

  await page.screenshot({ path: screenshot.replace('.png', '-overview.png'), fullPage: true });
  step('open the quarantine queue and filter it by the package');
  await page.click('#nav a[data-page=queue]');
  await page.locator('h1', { hasText: 'Quarantine queue' }).waitFor();
  await page.fill('form.filters input[name=package]', pkg);
  await page.click('form.filters button[type=submit]');
  const row = page.locator('table.grid tbody tr', { hasText: pkg }).filter({ hasText: version });
  await row.first().waitFor();

  step('open the entry');
  await row.first().getByRole('link', { name: version, exact: true }).click();
  await page.locator('h1 .pkg', { hasText: pkg }).waitFor();
  await page.locator('h2', { hasText: /^Findings \(\d+\)$/ }).waitFor();
  await page.locator('dl.facts dd code.digest').waitFor();

  step('approve it with a reason');
  await page.click('button.approve');
  await page.getByText('Give a reason to approve').waitFor(); // an approval without a reason is not sent
  await page.fill('textarea[name=reason]', reason);
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.click('button.approve');
  await page.locator('.notice-ok').waitFor();
  await page.locator('h1 .badge', { hasText: 'approved' }).waitFor();
  await page.locator('dd', { hasText: reason }).waitFor();

  step('open the package page: its versions and verdicts');
  await page.locator('dl.facts').getByRole('link', { name: pkg, exact: true }).click();
  await page.locator('h2', { hasText: 'Versions and verdicts' }).waitFor();
  await page.locator('table.grid tbody tr', { hasText: version }).locator('.badge', { hasText: 'allow' }).first()
    .waitFor();
  await page.screenshot({ path: screenshot.replace('.png', '-package.png'), fullPage: true });

  step('open the audit trail and export it as CSV');
  await page.click('#nav a[data-page=audit]');
  await page.locator('h1', { hasText: 'Audit trail' }).waitFor();
  await page.locator('table.grid tbody tr', { hasText: pkg }).first().waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV', exact: true }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  await page.screenshot({ path: screenshot.replace('.png', '-audit.png'), fullPage: true });
  if (!Buffer.concat(csv).toString('utf8').includes(pkg)) throw new Error('the CSV export does not name ' + pkg);

  if (hostile) {
    step('open the entry of ' + hostile + ': markup in its findings shows as text');
    await page.goto(origin + '/ui/#/queue?status=pending&package=' + encodeURIComponent(hostile));
    await page.locator('table.grid tbody tr', { hasText: hostile }).getByRole('link', { name: hostile }).first().click();
    await page.locator('h1 .pkg', { hasText: hostile }).waitFor();
    await page.locator('pre.evidence', { hasText: '<img src=x id=injected>' }).first().waitFor();
    if (await page.locator('#injected').count() !== 0) throw new Error('markup from a finding became an element');
  }

  step('sign out');
  await page.click('#sign-out');
  await page.locator('#token').waitFor();
  if (await page.evaluate(() => sessionStorage.getItem('gatehouse.token')) !== null) {
    throw new Error('signing out left the token in sessionStorage');
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  console.log('review: done');
} catch (error) {
  console.error('review failed: ' + error.message + (problems.length ? '\n' + problems.join('\n') : ''));
  process.exitCode = 1;
} finally {
  await browser.close();
}
