// The UI at a glance, in Chromium through `mcpdesk ui` against oidc-provider and the SDK MCP server: one primary action per row by state, the overflow menu by keyboard, filter and sort by state, the detail pane, and the Diagnostics chart drawn from real sign-ins, refreshes and failures; axe (0 violations) and screenshots in both themes.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startWorld, type World } from './harness.ts';

/** How the AS's token endpoint answers: normally, or 503 (refreshes fail). */
let tokenMode: 'ok' | '503' = 'ok';
let world: World;
test.beforeAll(async () => {
  world = await startWorld({
    as: {
      // An hour: no proactive refresh adds a point while the test runs (it counts them).
      accessTokenTtl: 3600,
      before: async (ctx, next) => {
        if (tokenMode === 'ok' || ctx.path !== '/token' || ctx.method !== 'POST') return next();
        ctx.status = 503;
        // The engine waits this long before retrying by itself: only this test's clicks refresh (it counts the failures).
        (ctx as unknown as { set(field: string, value: string): void }).set('Retry-After', '3600'); // Koa's ctx.set (not in the fixture's typings)
        ctx.body = { error: 'temporarily_unavailable', error_description: 'try later' };
      },
    },
  });
});
test.afterAll(async () => world?.close());

/** A screenshot of the screen in the light and the dark theme, each with no accessibility violation at all. */
async function screens(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: `test-results/screens/glance-${name}-${theme}.png`, fullPage: true });
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`), `${name}, ${theme}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function addServer(page: Page, name: string, mode?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Server URL').fill(world.peers.mcp.url);
  if (mode) await form.getByLabel(mode, { exact: true }).check();
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByTestId(`server-${name}`)).toBeVisible();
}

/** The names of the rows the list shows, in order. */
const rowNames = (page: Page) => page.getByRole('list', { name: 'Servers' }).getByRole('listitem').evaluateAll((lis) => lis.map((li) => (li.getAttribute('data-testid') ?? '').replace(/^server-/, '')));

/** The names of the buttons in a row (its select button, the primary action if any, the menu button). */
const rowButtons = (page: Page, name: string) => page.getByTestId(`server-${name}`).getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label') ?? b.textContent));

test('a list that reads at a glance: primary action by state, overflow menu by keyboard, filter, sort, detail pane, token chart', async ({ page }) => {
  await page.goto(world.uiUrl);
  await addServer(page, 'notes');
  await addServer(page, 'zeta');
  await addServer(page, 'alpha', 'None');

  // The primary action is what the state calls for: sign in when needed, nothing when there is no sign-in.
  const notes = page.getByTestId('server-notes');
  await expect(notes.locator('[data-action]')).toHaveText('Sign in');
  await expect(notes.locator('[data-action]')).toHaveAttribute('data-action', 'sign-in');
  expect(await rowButtons(page, 'alpha')).toEqual(['alpha, show details', 'More actions for alpha']);
  expect(await rowButtons(page, 'zeta')).toEqual(['zeta, show details', 'Sign in', 'More actions for zeta']);

  // Sign in from the row: the row selects the server, and once signed in all is well — no primary action.
  await notes.getByRole('button', { name: 'Sign in' }).click();
  const tab = await page.context().newPage();
  await tab.goto(await world.nextOpened());
  await expect(tab.locator('body')).toContainText('Signed in to');
  await tab.close();
  await expect(notes.getByTestId('state-notes')).toHaveText(/Signed in until/);
  expect(await rowButtons(page, 'notes')).toEqual(['notes, show details', 'More actions for notes']);
  await expect(notes.getByRole('button', { name: 'notes, show details' })).toHaveAttribute('aria-current', 'true');

  // The overflow menu by keyboard (WAI-ARIA menu button): Enter opens on the first item, arrows wrap, Home/End, a letter jumps.
  const more = page.getByRole('button', { name: 'More actions for notes' });
  const menu = page.getByRole('menu', { name: 'More actions for notes' });
  const item = (name: string) => menu.getByRole('menuitem', { name, exact: true });
  await expect(more).toHaveAttribute('aria-haspopup', 'menu');
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(item('Sign in again')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item('Refresh')).toBeFocused();
  await page.keyboard.press('End');
  await expect(item('Remove')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(item('Sign in again')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(item('Remove')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(item('Sign in again')).toBeFocused();
  await page.keyboard.press('t');
  await expect(item('Tools…')).toBeFocused();
  await screens(page, 'menu');
  // Escape closes it; focus is back on the button.
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  // ↑ on the button opens on the last item; Tab closes the menu and moves on to the next row.
  await page.keyboard.press('ArrowUp');
  await expect(item('Remove')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(menu).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'zeta, show details' })).toBeFocused();
  // Space opens; Enter on "Refresh" runs it and gives focus back to the button.
  await more.focus();
  await page.keyboard.press(' ');
  await expect(item('Sign in again')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();
  const detail = page.getByTestId('detail-notes');
  await expect(detail.getByTestId('refresh-facts-notes')).toContainText('1 sign-in, 1 refresh, 0 failures');
  // A dialog opened from the menu gives focus back to the menu button when it closes.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('t');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'What notes offers' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(more).toBeFocused();

  // The detail pane: state, token lifetime (an hour, as the AS set it), scopes, refreshes.
  await expect(detail.getByTestId('detail-state-notes')).toHaveText(/Signed in until/);
  await expect(detail.getByTestId('lifetime-notes')).toHaveText('1 h (at the last refresh)');
  await expect(detail).toContainText(world.peers.mcp.url);
  await expect(detail).toContainText('mcp:read');
  await expect(detail.getByTestId('refresh-facts-notes')).toContainText(/Last refresh.*, took \d+ ms/);
  await screens(page, 'servers');
  await page.getByRole('button', { name: 'alpha, show details' }).click();
  await expect(page.getByTestId('detail-alpha').getByTestId('detail-state-alpha')).toHaveText('No sign-in');
  await expect(page.getByRole('button', { name: 'alpha, show details' })).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('button', { name: 'notes, show details' })).not.toHaveAttribute('aria-current', 'true');

  // Sort: by name, by what needs attention, by expiry (servers without one last).
  expect(await rowNames(page)).toEqual(['alpha', 'notes', 'zeta']);
  await page.getByTestId('server-sort').selectOption('state');
  await expect.poll(() => rowNames(page)).toEqual(['zeta', 'notes', 'alpha']);
  await page.getByTestId('server-sort').selectOption('expiry');
  await expect.poll(() => rowNames(page)).toEqual(['notes', 'alpha', 'zeta']);
  await page.getByTestId('server-sort').selectOption('name');

  // Refreshes start failing: the primary action becomes Retry (a real 503 from the token endpoint).
  tokenMode = '503';
  await page.getByRole('button', { name: 'notes, show details' }).click();
  await detail.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(notes.getByTestId('state-notes')).toHaveText(/Refresh failing/);
  await expect(notes.locator('[data-action]')).toHaveText('Retry');
  await expect(notes.locator('[data-action]')).toHaveAttribute('data-action', 'retry');
  await notes.getByRole('button', { name: 'Retry' }).click();
  await expect(detail.getByTestId('refresh-facts-notes')).toContainText('2 failures');
  await expect(detail).toContainText('HTTP 503');
  await screens(page, 'detail-failing');

  // Filter by state: what needs attention (the failing one and the one never signed in), then one state.
  const filter = page.getByTestId('server-filter');
  await expect(filter.locator('option[value="attention"]')).toHaveText('Needs attention (2)');
  await filter.selectOption('attention');
  await expect.poll(() => rowNames(page)).toEqual(['notes', 'zeta']);
  await expect(page.getByTestId('server-count')).toHaveText('2 of 3 servers');
  await screens(page, 'filter');
  await filter.selectOption('no-sign-in');
  await expect.poll(() => rowNames(page)).toEqual(['alpha']);
  await expect(page.getByTestId('detail-alpha')).toBeVisible(); // the pane follows what the list shows
  await filter.selectOption('signed-in');
  await expect(page.getByRole('list', { name: 'Servers' }).getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText('No server is in this state.')).toBeVisible();
  await filter.selectOption('all');

  // The token endpoint is back: Retry brings the server back, and the primary action goes away.
  tokenMode = 'ok';
  await notes.getByRole('button', { name: 'Retry' }).click();
  await expect(notes.getByTestId('state-notes')).toHaveText(/Signed in until/);
  await expect(notes.locator('[data-action]')).toHaveCount(0);

  // Diagnostics: the chart of notes from its real timeline — one sign-in, two refreshes, two failures — beside the timeline.
  await page.getByRole('button', { name: 'More actions for notes' }).click();
  await item('Diagnostics').click();
  const chart = page.getByTestId('token-chart');
  await expect(chart.locator('[data-mark="sign-in"]')).toHaveCount(1);
  await expect(chart.locator('[data-mark="refresh"]')).toHaveCount(2);
  await expect(chart.locator('[data-mark="failure"]')).toHaveCount(2);
  // The window fits the history: 15 minutes here (an hour on a slow machine).
  await expect(chart).toContainText(/notes, last (15 minutes|hour): 1 sign-in, 2 refreshes, 2 failures; token lifetime 1 h\./);
  await expect(chart.getByRole('img')).toHaveAccessibleName(/token lifetimes, refreshes and failures of notes/);
  await chart.getByText('Show as a table').click();
  await expect(chart.getByRole('row')).toHaveCount(1 + 5);
  await expect(chart.getByRole('table')).toContainText('Failure: Refresh failed');
  await expect(page.getByTestId('timeline')).toBeVisible();
  await screens(page, 'diagnostics-chart');
});
