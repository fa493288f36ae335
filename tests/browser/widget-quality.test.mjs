// The widget on phones, by keyboard, for screen readers, and on hostile host pages (issue #4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { artifacts, ask, launcher, openWidget, questionBox, widget, suite } from './support.mjs';

const env = suite();

test('on a 360×640 phone the widget opens full screen with large tap targets and text', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  const box = await page.locator('iframe').boundingBox();
  assert.equal(Math.round(box.width), 360);
  assert.ok(box.height >= 630, `panel height ${box.height}`);
  await ask(page, 'đăng ký kết hôn');
  const w = widget(page);
  const small = await w.locator('button, input, a.file-online').evaluateAll((els) => els
    .filter((e) => e.offsetParent !== null)
    .map((e) => { const r = e.getBoundingClientRect(); return { h: r.height, text: e.textContent.trim().slice(0, 30) }; })
    .filter((r) => r.h < 44));
  assert.deepEqual(small, [], 'every tap target is at least 44 px high');
  const fontSize = await questionBox(w).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(fontSize >= 16, `input text is ${fontSize}px`);
  await page.screenshot({ path: join(artifacts, 'widget-mobile.png') });
  await ctx.close();
});

test('at 200% zoom the panel fits the screen and stays usable', async () => {
  // 200 % zoom of a 1280×800 window leaves 640×400 CSS pixels
  const ctx = await env.browser.newContext({ viewport: { width: 640, height: 400 } });
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  const box = await page.locator('iframe').boundingBox();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= 640 && box.y + box.height <= 400, JSON.stringify(box));
  await ask(page, 'cấp lại giấy phép lái xe');
  const input = await questionBox(widget(page)).boundingBox();
  assert.ok(input.y + input.height <= box.height, 'the question box stays on screen');
  await ctx.close();
});

test('keyboard only: open, ask, choose, and read the answer', async () => {
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await launcher(page).focus();
  await page.keyboard.press('Enter');
  const w = widget(page);
  await questionBox(w).waitFor();
  await questionBox(w).focus();
  await page.keyboard.type('lam giay khai sinh');
  await page.keyboard.press('Enter');
  const reply = w.locator('.entry.assistant').first();
  await reply.waitFor();
  // focus moves to the new reply, so a screen reader reads it and Tab continues from it
  assert.equal(await reply.evaluate((e) => e === document.activeElement), true);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await w.locator('.entry.assistant').nth(1).locator('.card').waitFor({ timeout: 15_000 });
  assert.equal(await w.locator('[aria-live]').count() > 0, true, 'replies are announced');
  await ctx.close();
});

test('axe-core finds no serious or critical violation in the open widget', async () => {
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  await ask(page, 'lệ phí đăng ký kết hôn');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
  await ctx.close();
});

test('a thumbs down offers the hotline', async () => {
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  await ask(page, 'đăng ký kết hôn');
  const w = widget(page);
  await w.getByRole('button', { name: /Chưa đúng/ }).first().click();
  await w.locator('.entry.assistant').nth(1).waitFor();
  assert.match(await w.locator('.entry.assistant').nth(1).innerText(), /tổng đài/);
  await ctx.close();
});

test('on a hostile page with a strict CSP from another origin the widget still works', async () => {
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  // Another origin on this machine (Chromium blocks public pages from loading loopback scripts).
  const portal = 'http://localhost:9';
  const hostile = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng tỉnh</title>
<link rel="stylesheet" href="${portal}/site.css"></head>
<body><main><h1>Trang của tỉnh</h1><p id="content">Nội dung trang</p></main>
<script src="${env.server.url}/embed.js" data-title="Trợ lý Dịch vụ công" defer></script></body></html>`;
  const css = '* { all: unset !important; } button { display: none !important; } iframe { display: none; } div { position: static; }';
  const csp = `default-src 'none'; script-src ${env.server.url}; frame-src ${env.server.url}; style-src ${portal}`;
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  await page.route(`${portal}/**`, (route) => {
    const url = route.request().url();
    if (url.endsWith('/site.css')) return route.fulfill({ contentType: 'text/css', body: css });
    return route.fulfill({ contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': csp }, body: hostile });
  });
  await page.goto(portal + '/');
  const before = await page.locator('#content').boundingBox();
  await openWidget(page);
  await ask(page, 'lam lai can cuoc');
  assert.match(await widget(page).locator('.entry.assistant').first().innerText(), /căn cước/i);
  const afterBox = await page.locator('#content').boundingBox();
  assert.deepEqual(afterBox, before, 'the host page layout is untouched');
  assert.deepEqual(cspErrors, [], 'the loader needs nothing the documented CSP lines do not allow');
  await page.screenshot({ path: join(artifacts, 'widget-hostile-page.png') });
  await ctx.close();
});
