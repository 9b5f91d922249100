// Driving VS Code's workbench the way a person does: keyboard shortcuts, Quick Open, the command
// palette, the mouse. Selectors are VS Code's own DOM classes (1.139); each helper waits for
// what a person would wait for and says what it was waiting for when it gives up.
import { inspect } from 'node:util';
import type { Locator, Page } from 'playwright-core';

export const UI_TIMEOUT_MS = 20_000;

/** Editor text as rendered (VS Code renders spaces as no-break spaces). */
export function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${lastError instanceof Error ? lastError.message.split('\n')[0] : inspect(lastError)})`;
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function visible(locator: Locator, what: string, timeoutMs = UI_TIMEOUT_MS): Promise<Locator> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (err) {
    if (err instanceof Error && err.name === 'TimeoutError') throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`, { cause: err });
    throw new Error(`waiting for ${what}: ${err instanceof Error ? err.message : inspect(err)}`, { cause: err });
  }
  return locator.first();
}

export async function waitForWorkbench(page: Page, folderName: string): Promise<void> {
  await visible(page.locator('.monaco-workbench .part.statusbar'), 'the workbench to render', 60_000);
  await visible(page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'infra' }), `the Explorer to list ${folderName}`, 60_000);
}

/**
 * Waits (at most `timeoutMs`, never failing) until no activity bar badge shows progress: the
 * Source Control icon spins while git reads the repository, and the images must not show that.
 */
export async function settleActivityBar(page: Page, timeoutMs = 10_000): Promise<void> {
  await page
    .locator('.part.activitybar .badge.progress-badge')
    .first()
    .waitFor({ state: 'hidden', timeout: timeoutMs })
    .catch(() => undefined);
}

/** Quick Open (Ctrl+P): type the path, pick the matching entry. */
export async function quickOpen(page: Page, relPath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = await visible(page.locator('.quick-input-widget .quick-input-box input'), 'the Quick Open box');
  await input.fill(relPath);
  const fileName = relPath.split('/').pop()!;
  await visible(page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }), `Quick Open to list ${relPath}`);
  await page.keyboard.press('Enter');
  await visible(page.locator('.tabs-container .tab.active', { hasText: fileName }), `the editor tab of ${fileName}`);
}

/** Runs a command by its title through the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = await visible(page.locator('.quick-input-widget .quick-input-box input'), 'the command palette');
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  await visible(row, `the command palette to offer '${title}'`);
  // The first row is the best match; the palette can also list recently used commands first.
  await row.first().click();
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS }).catch(() => undefined);
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

export async function editorText(page: Page): Promise<string> {
  const lines = await activeEditor(page).locator('.view-lines .view-line').evaluateAll((els: unknown[]) =>
    (els as { style: { top: string }; textContent: string | null }[])
      .map((el) => ({ top: parseFloat(el.style.top || '0'), text: el.textContent ?? '' }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
  return plain(lines.join('\n'));
}

/** The status bar entries' texts. */
export async function statusBarTexts(page: Page): Promise<string[]> {
  const texts = await page.locator('.part.statusbar .statusbar-item').allInnerTexts();
  return texts.map((t) => plain(t).trim()).filter(Boolean);
}

/** The editor line (a .view-line) whose text contains `needle`. */
export function editorLine(page: Page, needle: string): Locator {
  return activeEditor(page).locator('.view-lines .view-line', { hasText: needle }).first();
}

/**
 * The page's window as evaluate() callbacks see it (this project compiles without the DOM lib).
 * Callbacks run in the page: cast `globalThis` inline, never call a helper of this module.
 */
export type BrowserWindow = { getComputedStyle(el: unknown): { backgroundImage: string } };

/** Where `word` is drawn in the editor line containing it (for pointing the mouse at it). */
export async function wordBox(page: Page, word: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const line = editorLine(page, word);
  await visible(line, `the editor line with '${word}'`);
  const box = await line.evaluate((el: unknown, w: string) => {
    type TextNode = { textContent: string | null };
    type Doc = {
      createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
      createRange(): { setStart(n: TextNode, o: number): void; setEnd(n: TextNode, o: number): void; getBoundingClientRect(): { x: number; y: number; width: number; height: number } };
    };
    const doc = (globalThis as unknown as { document: Doc }).document;
    const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = (node.textContent ?? '').indexOf(w);
      if (at < 0) continue;
      const range = doc.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }
    return undefined;
  }, word);
  if (!box) throw new Error(`'${word}' is not drawn as one piece of text in its editor line`);
  return box;
}

/** Right-click a status bar entry, choose Hide: the way a user removes one. */
export async function hideStatusBarEntry(page: Page, text: string): Promise<void> {
  const entry = page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
  const hide = page.locator('.monaco-menu .action-item', { hasText: /^\s*Hide '/ });
  for (let attempt = 1; ; attempt++) {
    if ((await entry.count()) === 0) return;
    await entry.click({ button: 'right' });
    await visible(hide, `the status bar menu's Hide entry for '${text}'`);
    // A menu ignores a click that comes right after it opened (it takes it for the right-click's release).
    await new Promise((r) => setTimeout(r, 300));
    await hide.first().click();
    try {
      await entry.waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch (err) {
      if (attempt >= 3) throw new Error(`the status bar entry '${text}' is still there after choosing Hide ${attempt} times`, { cause: err });
      await page.keyboard.press('Escape');
    }
  }
}

/** Drag the side bar's edge until it is `width` px wide. */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
  const sideBar = await page.locator('.part.sidebar').boundingBox();
  if (!sideBar) throw new Error('the side bar is not visible');
  const edge = sideBar.x + sideBar.width;
  const y = sideBar.y + sideBar.height / 2;
  await page.mouse.move(edge, y);
  await page.mouse.down();
  await page.mouse.move(sideBar.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(sideBar.x + width + 300, y); // off the edge, which stays highlighted under the pointer
  await waitFor(`the side bar to be ${width} px wide`, async () => {
    const now = await page.locator('.part.sidebar').boundingBox();
    return now && Math.abs(now.width - width) <= 4;
  }, 5_000);
}

/**
 * Drag the edge above the side bar pane titled `title` to `y`: the panes below it (the one
 * being shown) get the room. Returns false when there is no such pane.
 */
export async function dragPaneEdge(page: Page, title: string, y: number): Promise<boolean> {
  const header = page.locator('.part.sidebar .pane-header', { hasText: title }).first();
  const box = await header.boundingBox().catch(() => null);
  if (!box) return false;
  const sash = page.locator('.part.sidebar .monaco-sash.horizontal');
  const boxes = (await sash.evaluateAll((els: unknown[]) => (els as { getBoundingClientRect(): { x: number; y: number; width: number; height: number } }[]).map((e) => e.getBoundingClientRect())))
    .map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height }))
    .filter((b) => b.width > 0 && Math.abs(b.y + b.height / 2 - box.y) <= 4);
  const edge = boxes[0];
  if (!edge) return false;
  const x = edge.x + edge.width / 2;
  await page.mouse.move(x, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, y, { steps: 8 });
  await page.mouse.up();
  return true;
}

/** Notifications toasts on screen (they must not be in the README images). */
export async function toasts(page: Page): Promise<string[]> {
  return page.locator('.notifications-toasts .notification-toast').allInnerTexts();
}

export async function clearNotifications(page: Page): Promise<void> {
  if ((await toasts(page)).length === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
}
