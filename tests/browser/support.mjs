// Helpers of the browser tests, split into start (server, browser), find, act and check.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '..', '..');
export const artifacts = join(root, 'target', 'browser-artifacts');
mkdirSync(artifacts, { recursive: true });

// ---- start ----------------------------------------------------------------

/** Start the real server binary on a free port; resolves once it logs "ready". */
export async function startServer() {
  const bin = process.env.DVC_BIN || join(root, 'target', 'debug', 'dvc-assistant');
  // a fresh database per test process: content versions and accounts start from the defaults
  const dataDir = process.env.DVC_DATA_DIR || join(root, 'target', 'test-var', `browser-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const args = ['serve', '--addr', '127.0.0.1:0',
    '--data-dir', dataDir,
    '--content', process.env.DVC_CONTENT || join(root, 'data'),
    '--widget-dir', process.env.DVC_WIDGET_DIR || join(root, 'dist')];
  const child = spawn(bin, args, { env: { ...process.env, DVC_LOG_FORMAT: 'json', RUST_LOG: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    let buf = '';
    const timer = setTimeout(() => fail(new Error('server not ready in 120 s')), 120_000);
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
        try {
          const rec = JSON.parse(line);
          if (rec.fields && rec.fields.message === 'ready') { clearTimeout(timer); ok(rec.fields.url.replace(/\/$/, '')); }
        } catch { /* not a log line */ }
      }
    });
  });
  const stop = () => new Promise((ok) => {
    child.once('exit', () => { if (!process.env.DVC_DATA_DIR) rmSync(dataDir, { recursive: true, force: true }); ok(); });
    child.kill('SIGTERM');
  });
  return { url, bin, dataDir, stop };
}

/** Debian's Chromium, headless, with the flags that work offline. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      // Tests serve a "portal" origin and the assistant both on this machine; real portals are not
      // on loopback, so Chromium's local-network-access checks do not apply to them.
      '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights'],
  });
}

/** One server and one browser for a test file: handles are filled in before its tests run. */
export function suite() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Create a hotline officer with the real CLI; returns its credentials. */
export function addOfficer(server, role = 'staff') {
  const username = `${role}${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const password = 'mật khẩu tổng đài 2026';
  execFileSync(server.bin, ['user', 'add', username, '--role', role, '--data-dir', server.dataDir], { input: password + '\n' });
  return { username, password };
}

// ---- find -----------------------------------------------------------------

export const launcher = (page) => page.getByRole('button', { name: /Mở Trợ lý Dịch vụ công/ });
export const widget = (page) => page.frameLocator('iframe[title="Trợ lý Dịch vụ công"]');
export const questionBox = (w) => w.getByLabel('Câu hỏi của bạn');
/** The result whose title is exactly `title`. */
export const result = (w, title) => w.locator('.hit-title').getByText(title, { exact: true });

// ---- act ------------------------------------------------------------------

/** Open the widget; returns milliseconds from the click to a usable question box. */
export async function openWidget(page) {
  const started = Date.now();
  await launcher(page).click();
  await questionBox(widget(page)).waitFor({ state: 'visible' });
  return Date.now() - started;
}

/** Type a message and press Enter; resolves when the assistant's reply to it is shown. */
export async function ask(page, text) {
  const w = widget(page);
  const before = await w.locator('.entry.assistant, .entry.notice').count();
  const box = questionBox(w);
  await box.fill(text);
  await box.press('Enter');
  await w.locator('.entry.assistant, .entry.notice').nth(before).waitFor({ state: 'visible', timeout: 15_000 });
}

/** The newest reply of the assistant. */
export const lastReply = (page) => widget(page).locator('.entry.assistant').last();

/** If the assistant offers candidates, press the first; resolves when its card is shown. */
export async function chooseFirstIfAsked(page) {
  const reply = lastReply(page);
  if (await reply.locator('.card').count() > 0) return;
  const w = widget(page);
  const before = await w.locator('.entry.assistant').count();
  await reply.locator('.hit').first().click();
  await w.locator('.entry.assistant').nth(before).locator('.card').waitFor({ timeout: 15_000 });
}

// ---- check ----------------------------------------------------------------

export async function seesResult(page, title) {
  await result(widget(page), title).first().waitFor({ state: 'visible', timeout: 15_000 });
}

export async function seesCard(page, title) {
  const heading = widget(page).locator('.card-title', { hasText: title }).last();
  await heading.waitFor({ state: 'visible', timeout: 15_000 });
  assert.ok(await heading.isVisible());
}
