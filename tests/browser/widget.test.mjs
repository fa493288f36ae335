import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { request } from 'playwright-core';
import { addOfficer, artifacts, ask, chooseFirstIfAsked, lastReply, openWidget, result, seesCard, seesResult, widget, suite } from './support.mjs';

const env = suite();

test('the demo portal page embeds the widget with one script tag', async () => {
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.goto(env.server.url + '/');
  await page.waitForLoadState('networkidle');
  assert.match(await page.title(), /Cổng Dịch vụ công/);
  assert.deepEqual(requested.filter((p) => p.startsWith('/widget') || p.startsWith('/api')), [],
    'nothing but the loader is fetched before the launcher is pressed');
  assert.equal(await page.locator('script[src$="/embed.js"]').count(), 1);
  assert.match(await page.locator('.demo-banner').innerText(), /DEMO/);
  // Lazy: nothing but the loader until the launcher is pressed.
  assert.equal(await page.locator('iframe').count(), 0);
  await ctx.close();
});

test('a citizen types an unaccented question and opens the birth registration card', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  const ms = await openWidget(page);
  console.log(`# click to usable panel: ${ms} ms`);
  await ask(page, 'lam giay khai sinh');
  await seesResult(page, 'Thủ tục đăng ký khai sinh');
  await page.screenshot({ path: join(artifacts, 'widget-results.png') });
  await result(widget(page), 'Thủ tục đăng ký khai sinh').last().click();
  await seesCard(page, 'Thủ tục đăng ký khai sinh');
  const card = widget(page).locator('.card').last();
  assert.match(await card.innerText(), /Giấy tờ cần chuẩn bị/);
  assert.match(await card.innerText(), /Cơ quan thực hiện/);
  await page.screenshot({ path: join(artifacts, 'widget-card.png') });
  await ctx.close();
});

test('a bad request shows the server\'s Vietnamese message, not a crash', async () => {
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  await ask(page, 'x'.repeat(600));
  // The input caps the length at 500 characters, so the message is answered instead of failing.
  assert.ok(await widget(page).locator('.entry.assistant').count() >= 1);
  const res = await page.request.get(env.server.url + '/api/v1/search?q=' + 'x'.repeat(501));
  assert.equal(res.status(), 400);
  assert.match((await res.json()).error.message, /tối đa 500 ký tự/);
  await ctx.close();
});

test('a follow-up answers the fee of the same procedure, and a reload keeps the conversation', async () => {
  const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  await ask(page, 'lam lai can cuoc');
  await chooseFirstIfAsked(page);
  await ask(page, 'lệ phí bao nhiêu?');
  await chooseFirstIfAsked(page);
  const feeReply = await lastReply(page).innerText();
  assert.match(feeReply, /Phí, lệ phí|chưa nêu/);
  assert.match(feeReply, /căn cước/i);
  await page.screenshot({ path: join(artifacts, 'widget-follow-up.png') });
  const entries = await widget(page).locator('.entry').count();
  await page.reload();
  await openWidget(page);
  await widget(page).locator('.entry').nth(entries - 1).waitFor({ timeout: 15_000 });
  assert.equal(await widget(page).locator('.entry').count(), entries, 'the transcript is restored after a reload');
  await ctx.close();
});

test('a citizen escalates: the form names each wrong field, shows the ticket code, and the console answers it', async () => {
  // the officer's console is open in its own browser context before the citizen writes
  const officer = addOfficer(env.server);
  const officerCtx = await env.browser.newContext();
  const console2 = await officerCtx.newPage();
  await console2.goto(env.server.url + '/console');
  await console2.getByLabel('Tên đăng nhập').fill(officer.username);
  await console2.getByLabel('Mật khẩu').fill(officer.password);
  await console2.getByRole('button', { name: 'Đăng nhập' }).click();
  await console2.locator('.who', { hasText: officer.username }).waitFor();
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/');
  await openWidget(page);
  await ask(page, 'đăng ký kết hôn với người nước ngoài');
  const w = widget(page);
  await w.getByRole('button', { name: 'Gặp tổng đài viên' }).last().click();
  const form = w.locator('.ticket-form');
  await form.waitFor();
  assert.match(await w.getByLabel('Nội dung cần hỗ trợ').inputValue(), /kết hôn/, 'the question is prefilled');
  await w.getByLabel('Họ và tên', { exact: true }).fill('Nguyễn Thị B');
  await w.getByLabel('Số điện thoại', { exact: true }).fill('12345');
  await form.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await w.locator('#dvc-phone-error', { hasText: /Số điện thoại/ }).waitFor();
  await w.getByLabel('Số điện thoại', { exact: true }).fill('0912 345 678');
  await form.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  await w.locator('.consent .field-error', { hasText: /13\/2023/ }).waitFor();
  await w.locator('#dvc-consent').check();
  await form.getByRole('button', { name: 'Gửi yêu cầu' }).click();
  const code = w.locator('.ticket-code');
  await code.waitFor();
  assert.match(await code.innerText(), /^[A-Z]+-[A-Z0-9]{6}$/);
  assert.match(await w.locator('.ticket-done').innerText(), /1900 0000/);
  await page.screenshot({ path: join(artifacts, 'widget-ticket.png') });

  // an officer, logged into the console in a second browser context, sees it appear live,
  // claims it and replies; the citizen comes back and reads the reply in the widget
  const ticketCode = await code.innerText();
  const item = console2.locator(`.queue-item[data-code="${ticketCode}"]`);
  await item.waitFor({ timeout: 5_000 });
  await item.getByRole('button', { name: 'Nhận xử lý' }).click();
  const answer = 'Chào chị, hồ sơ kết hôn với người nước ngoài nộp tại UBND cấp tỉnh.';
  await item.getByLabel('Trả lời người dân').fill(answer);
  await item.getByRole('button', { name: 'Gửi trả lời' }).click();
  await console2.locator(`.queue-item[data-code="${ticketCode}"][data-status="answered"]`).waitFor();
  await officerCtx.close();
  await page.reload();
  await openWidget(page);
  const mine = widget(page).locator('.my-tickets');
  await mine.waitFor({ timeout: 15_000 });
  assert.match(await mine.innerText(), new RegExp(ticketCode));
  assert.match(await mine.innerText(), /UBND cấp tỉnh/);
  await page.screenshot({ path: join(artifacts, 'widget-ticket-reply.png') });
  await ctx.close();
});

test('the console: an officer logs in, sees a new ticket appear live, claims it and replies', async () => {
  const officer = addOfficer(env.server);
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/console');
  await page.getByLabel('Tên đăng nhập').fill(officer.username);
  await page.getByLabel('Mật khẩu').fill(officer.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('.who', { hasText: officer.username }).waitFor();
  // a citizen sends a request while the console is open
  const citizen = await request.newContext({ baseURL: env.server.url });
  const created = await (await citizen.post('/api/v1/tickets', {
    data: { name: 'Lê Văn C', phone: '0934 567 890', question: 'Xin hỏi thủ tục cấp đổi giấy phép lái xe', consent: true },
  })).json();
  const started = Date.now();
  const item = page.locator(`.queue-item[data-code="${created.code}"]`);
  await item.waitFor({ timeout: 5_000 });
  console.log(`# new ticket visible in the console after ${Date.now() - started} ms (SSE, no reload)`);
  assert.match(await item.innerText(), /\+8493\*+90/, 'the phone is masked until the officer claims');
  await item.getByRole('button', { name: 'Nhận xử lý' }).click();
  await item.getByLabel('Trả lời người dân').waitFor();
  await item.getByLabel('Trả lời người dân').fill('Anh mang GPLX cũ và CCCD đến Sở GTVT.');
  await item.getByRole('button', { name: 'Gửi trả lời' }).click();
  const answered = page.locator(`.queue-item[data-code="${created.code}"][data-status="answered"]`);
  await answered.waitFor();
  const seen = await (await citizen.get(`/api/v1/tickets/${created.code}?token=${created.lookup_token}`)).json();
  assert.equal(seen.replies[0].text, 'Anh mang GPLX cũ và CCCD đến Sở GTVT.');
  assert.match(await answered.innerText(), /Lê Văn C · \+84934567890/, 'the holder sees name and phone');
  // the ticket view: transcript, history, an internal note; then resolve
  await answered.getByRole('button', { name: 'Chi tiết' }).click();
  await answered.getByLabel('Ghi chú nội bộ (người dân không thấy)').fill('Đã hẹn gọi lại chiều nay.');
  await answered.getByRole('button', { name: 'Thêm ghi chú' }).click();
  await answered.locator('.history', { hasText: 'Đã hẹn gọi lại chiều nay.' }).waitFor();
  await page.screenshot({ path: join(artifacts, 'console.png') });
  await answered.getByRole('button', { name: 'Đánh dấu đã giải quyết' }).click();
  // resolved tickets leave the default "open" view
  await page.locator(`.queue-item[data-code="${created.code}"]`).waitFor({ state: 'detached' });
  await page.getByLabel('Trạng thái').selectOption('resolved');
  await page.locator(`.queue-item[data-code="${created.code}"][data-status="resolved"]`).waitFor();
  const after = await (await citizen.get(`/api/v1/tickets/${created.code}?token=${created.lookup_token}`)).json();
  assert.equal(after.status, 'resolved');
  assert.ok(!JSON.stringify(after).includes('hẹn gọi lại chiều'), 'internal notes never reach the citizen');
  await citizen.dispose();
  await ctx.close();
});

test('an editor adds an FAQ in the console, publishes, and a citizen widget answers with it', async () => {
  const editor = addOfficer(env.server, 'editor');
  const ctx = await env.browser.newContext();
  const page = await ctx.newPage();
  await page.goto(env.server.url + '/console');
  await page.getByLabel('Tên đăng nhập').fill(editor.username);
  await page.getByLabel('Mật khẩu').fill(editor.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Thêm câu hỏi mới' }).click();
  await page.getByLabel('Câu hỏi', { exact: true }).fill('Xe đạp điện có phải đăng ký biển số không?');
  await page.getByLabel(/Cách hỏi khác/).fill('xe dap dien co can bien so khong');
  await page.getByLabel(/Câu trả lời/).fill('Có. Xe đạp điện phải đăng ký và gắn biển số tại công an xã, phường.\n- Mang hóa đơn mua xe.\n- Mang căn cước.');
  await page.getByLabel('Nhóm').fill('Đăng ký xe');
  const started = Date.now();
  await page.getByRole('button', { name: 'Lưu và xuất bản' }).click();
  await page.locator('[role="status"]', { hasText: 'Đã lưu.' }).waitFor();
  // the status line shows the new version once its index is built and swapped in
  await page.locator('.content-status[data-serving="2"]').waitFor({ timeout: 60_000 });
  console.log(`# editor publish → new version served: ${Date.now() - started} ms`);
  await page.screenshot({ path: join(artifacts, 'console-editor.png') });

  const citizen = await env.browser.newContext();
  const portal = await citizen.newPage();
  await portal.goto(env.server.url + '/');
  await openWidget(portal);
  await ask(portal, 'xe đạp điện có phải đăng ký biển số không');
  const w = widget(portal);
  await w.locator('.card-title', { hasText: 'Xe đạp điện có phải đăng ký biển số không?' }).waitFor();
  assert.match(await lastReply(portal).innerText(), /công an xã, phường/);
  await citizen.close();
  await ctx.close();
});
