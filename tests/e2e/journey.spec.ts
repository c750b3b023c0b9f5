// The UI journey in Chromium against `mcpdesk ui`: add a server → a sign-in cancelled → sign in (its page opened again) → signed-in badge → check → tools (one tried) → diagnostics → a 10,000-server registry browsed, searched, a server added; axe on every screen.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startWorld, NOTES_ENTRY, type World } from './harness.ts';
import { filesBelow, findSecrets } from '../helpers/scan.ts';

let world: World;
test.beforeAll(async () => {
  world = await startWorld();
});
test.afterAll(async () => world?.close());

/** A screenshot of the screen under test-results/, and no serious or critical accessibility violation on it. */
async function screen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true });
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
}

/** Picks an item of a server row's overflow menu. */
async function openMenuItem(page: Page, server: string, item: string): Promise<void> {
  await page.getByRole('button', { name: `More actions for ${server}` }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
}

/** Opens, in a new tab, the URL the UI handed to "the browser", following the OAuth server to the callback page. */
async function completeInBrowser(page: Page): Promise<void> {
  const url = await world.nextOpened();
  const tab = await page.context().newPage();
  await tab.goto(url);
  await expect(tab.locator('body')).toContainText('Signed in to');
  await tab.screenshot({ path: 'test-results/screens/02-browser-callback.png' });
  await tab.close();
}

test('add a server, sign in, check, diagnostics, then a server from a 10,000-entry registry', async ({ page }) => {
  await page.goto(world.uiUrl);
  await expect(page).not.toHaveURL(/secret=/);
  await expect(page.getByRole('heading', { name: 'Servers' })).toBeVisible();
  await screen(page, '00-servers-empty');

  // Add a server (with a validation message first).
  await page.getByRole('button', { name: 'Add server' }).click();
  const form = page.getByRole('form', { name: 'Add a server' });
  await form.getByLabel('Name').fill('notes');
  await form.getByLabel('Server URL').fill('not a url');
  await form.getByRole('button', { name: 'Add server' }).click();
  await expect(form.getByText('Enter a full URL')).toBeVisible();
  await screen(page, '01-add-server');
  await form.getByLabel('Server URL').fill(world.peers.mcp.url);
  await form.getByRole('button', { name: 'Add server' }).click();
  const row = page.getByTestId('server-notes');
  await expect(row.getByTestId('state-notes')).toHaveText(/Sign-in needed/);

  // A sign-in the person gives up on (the tab was closed): Cancel ends the wait, with no error shown.
  await row.getByRole('button', { name: 'Sign in' }).click();
  await world.nextOpened();
  await expect(page.getByTestId('progress-notes')).toHaveAttribute('data-phase', 'waiting-for-browser');
  await page.getByRole('button', { name: 'Cancel sign-in to Server notes' }).click();
  await expect(page.getByTestId('progress-notes')).toHaveAttribute('data-phase', 'cancelled');
  await expect(row.getByRole('button', { name: 'Sign in' })).toBeEnabled(); // the signIn call has returned
  await expect(page.getByTestId('detail-notes').getByRole('alert')).toHaveCount(0);
  await expect(row.getByTestId('state-notes')).toHaveText(/Sign-in needed/);

  // Sign in: the UI asks "the browser" to open the authorization URL. That tab is closed unfinished;
  // "Open the sign-in page again" brings it back, and Playwright completes it.
  await row.getByRole('button', { name: 'Sign in' }).click();
  await world.nextOpened();
  await page.getByRole('button', { name: 'Open the sign-in page again for Server notes' }).click();
  await completeInBrowser(page);
  await expect(row.getByTestId('state-notes')).toHaveText(/Signed in until/);
  await expect(page.getByTestId('progress-notes')).toHaveAttribute('data-phase', 'done');
  await screen(page, '03-signed-in');

  // Signed in, all is well: the row offers no primary action, only its menu. Check (from the menu) shows the tools in the detail pane.
  await expect(row.locator('[data-action]')).toHaveCount(0);
  const detail = page.getByTestId('detail-notes');
  await openMenuItem(page, 'notes', 'Check');
  await expect(detail.getByTestId('check-notes')).toContainText('echo');
  // The negotiated MCP revision is shown in the check and, once known, in the detail pane.
  await expect(detail.getByTestId('check-notes')).toContainText(/\(MCP 20\d\d-\d\d-\d\d\)/);
  await expect(detail.getByTestId('mcp-version-notes')).toHaveText(/^20\d\d-\d\d-\d\d/);

  // What the server offers: its tools listed with the time they were read, and one run from the form its schema makes.
  await openMenuItem(page, 'notes', 'Tools…');
  const offers = page.getByRole('dialog');
  await expect(offers.getByTestId('offers-notes')).toContainText(/tools?, .* read /);
  await offers.getByRole('button', { name: 'Try echo' }).click();
  await offers.getByLabel('text (required)').fill('hello from the form');
  await offers.getByRole('button', { name: 'Run echo' }).click();
  await expect(offers.getByTestId('tool-result')).toContainText('hello from the form');
  await screen(page, '03a-tools-try');
  await offers.getByRole('button', { name: 'Close' }).click();

  // Connect an MCP client (Cursor) through the bridge: preview, then write; the detail pane shows it.
  await openMenuItem(page, 'notes', 'Connect…');
  const connect = page.getByRole('dialog');
  await connect.getByLabel('Cursor').check();
  await connect.getByRole('button', { name: 'Preview' }).click();
  await expect(connect.getByLabel('The config file after the change')).toContainText('"bridge"');
  await screen(page, '03b-connect-preview');
  await connect.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(connect.getByRole('status')).toContainText('Restart the client');
  await connect.getByRole('button', { name: 'Close' }).click();
  await expect(detail).toContainText('Connected to');
  await expect(detail).toContainText('Cursor');

  // Diagnostics show the grant with requested vs granted scopes.
  await openMenuItem(page, 'notes', 'Diagnostics');
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();
  await expect(page.getByTestId('token-chart').locator('[data-mark="sign-in"]')).toHaveCount(1);
  await expect(page.getByTestId('timeline').getByTestId('scope-diff').first()).toBeVisible();
  await expect(page.getByTestId('timeline')).toContainText('Signed in: tokens received');
  await screen(page, '04-diagnostics');

  // A registry of 10,000 servers: add, browse (virtualized), search, add a server from it.
  await page.getByRole('button', { name: 'Registries' }).click();
  await page.getByRole('button', { name: 'Add registry' }).click();
  const rform = page.getByRole('form', { name: 'Add a registry' });
  await rform.getByLabel('Name').fill('big');
  await rform.getByLabel('Registry URL').fill(world.registry.url);
  await rform.getByRole('button', { name: 'Add registry' }).click();
  expect(world.listed).toBeGreaterThan(9000);
  await expect(page.getByTestId('entry-count')).toHaveText(`${world.listed} of ${world.listed} servers`, { timeout: 60_000 });
  expect(await page.getByTestId('entry-list').locator('li').count()).toBeLessThan(100);
  await screen(page, '05-registry');
  await page.getByLabel('Search big').fill('team notes');
  await expect(page.getByTestId('entry-count')).toHaveText(`1 of ${world.listed} servers`);
  await page.getByTestId(`entry-${NOTES_ENTRY}`).getByRole('button', { name: 'Add Team notes' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Server name').fill('team-notes');
  await screen(page, '06-add-from-registry');
  await dialog.getByRole('button', { name: 'Add server' }).click();
  await expect(page.getByTestId('server-team-notes')).toBeVisible();

  // Settings.
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('vault-backend')).toContainText('Passphrase');
  await screen(page, '07-settings');
  await page.getByLabel('Dark').check();
  await page.getByRole('button', { name: 'Servers' }).click();
  await screen(page, '08-servers-dark');
});

test('no token, code or verifier in the data dir or anything the UI printed', async () => {
  const places = [...filesBelow(world.home).map((f) => ({ name: f.path, text: f.text })), { name: 'ui output', text: world.output() }];
  expect(world.peers.grantSecrets.length).toBeGreaterThan(0);
  expect(findSecrets({ grant: world.peers.grantSecrets }, places)).toEqual([]);
});
