/**
 * Drives the VS Code workbench (code-server in Chromium) as a person would, and reads back what it shows: the
 * active editor's squiggles, the Problems panel's rows, the hover, a quick fix, a webview's page. Every wait is
 * for a selector or a DOM condition, never for a fixed time.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** A row of the Problems panel: the marker's severity, code and 1-based line, and its whole text. */
export interface ProblemRow {
  severity: string;
  code: string | null;
  line: number;
  text: string;
}

const WAIT_MS = 90_000;

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
}

/** Opens a workspace file by Quick Open and waits until its tab is the active one. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(name);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: name })
    .first()
    .waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page
    .locator(`.editor-group-container.active .tab.active[aria-label^="${name}"]`)
    .waitFor({ timeout: WAIT_MS });
}

/** Runs a command from the Command Palette by its full title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(`>${title}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: title })
    .first()
    .waitFor({ timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

/** The Problems panel, opened once. */
async function problemsPanel(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ timeout: WAIT_MS });
  }
  return panel;
}

/** The marker rows of the Problems panel under the file `name`. */
export async function problemRows(page: Page, name: string): Promise<ProblemRow[]> {
  const panel = await problemsPanel(page);
  return panel.locator('.monaco-list-row').evaluateAll((rows, file) => {
    const out: { severity: string; code: string | null; line: number; text: string }[] = [];
    let current = '';
    for (const row of rows) {
      const label = row.getAttribute('aria-label') ?? '';
      const marker = /^(Error|Warning|Info)[^:]*: .* at line (\d+) and character \d+/s.exec(label);
      if (marker === null) {
        // A file row: 'N problems in file NAME of folder FOLDER'.
        current = / in file (.+) of folder /.exec(label)?.[1] ?? '';
        continue;
      }
      if (current !== file) {
        continue;
      }
      const text = (row as HTMLElement).innerText;
      out.push({
        severity: marker[1]!,
        code: /\b([A-Z]{3}[0-9]{3})\b/.exec(text)?.[1] ?? null,
        line: Number(marker[2]),
        text,
      });
    }
    return out;
  }, name);
}

/** Waits until the Problems panel lists `code` under the file `name` (or no longer lists it). */
export async function waitForProblem(page: Page, name: string, code: string, present = true): Promise<void> {
  await problemsPanel(page);
  await page.waitForFunction(
    ([file, wanted, there]) => {
      let current = '';
      let found = false;
      for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
        const label = row.getAttribute('aria-label') ?? '';
        if (!/^(Error|Warning|Info)[^:]*: /.test(label)) {
          current = / in file (.+) of folder /.exec(label)?.[1] ?? '';
        } else if (current === file && (row as HTMLElement).innerText.includes(wanted)) {
          found = true;
        }
      }
      return found === there;
    },
    [name, code, present] as const,
    { timeout: WAIT_MS },
  );
}

/** Replaces every `find` in the active editor with `replacement`, through the Replace widget. */
export async function replaceAll(page: Page, find: string, replacement: string): Promise<void> {
  await page.keyboard.press('Control+H');
  const widget = page.locator('.editor-group-container.active .find-widget.visible');
  await widget.waitFor({ timeout: WAIT_MS });
  await widget.locator('.find-part textarea').fill(find);
  await widget.locator('.replace-part textarea').fill(replacement);
  await widget.locator('.replace-part textarea').press('Control+Alt+Enter');
  await page.keyboard.press('Escape');
}

/** Squiggles in the active editor. */
export function squiggles(page: Page): Locator {
  return activeEditor(page).locator('.view-overlays [class*="squiggly-"]');
}

/** Moves the cursor to a 1-based line and column with "Go to Line". */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: WAIT_MS });
  // Go to Line is Quick Open with its `:` prefix.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/**
 * Hovers the middle of the first squiggle on the 1-based `line` and returns the hover's text once it shows `wanted`
 * (the diagnostic's part of a hover comes at once, the server's answer a little later).
 */
export async function hoverSquiggleOnLine(page: Page, line: number, wanted: string): Promise<string> {
  const editor = activeEditor(page);
  const row = editor.locator('.view-line').nth(line - 1);
  const rowBox = await row.boundingBox();
  const boxes = await squiggles(page).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
  const box = boxes.find((b) => rowBox !== null && Math.abs(b.y - rowBox.y) < rowBox.height / 2);
  if (box === undefined) {
    throw new Error(`no squiggle on line ${line}`);
  }
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:visible', { hasText: wanted }).first();
  await hover.waitFor({ timeout: WAIT_MS });
  return hover.innerText();
}

/** Opens the quick fixes at the cursor and applies the one whose title contains `title`. */
export async function applyQuickFix(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+.');
  const actions = page.locator('.action-widget .monaco-list-row.action');
  await actions.filter({ hasText: title }).first().waitFor({ timeout: WAIT_MS });
  // Move the list's focus to the fix, then apply it as a person does, with Enter.
  const focused = page.locator('.action-widget .monaco-list-row.action.focused');
  for (let n = await actions.count(); n > 0 && !(await focused.innerText()).includes(title); n--) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/** The document of the newest webview (the page the extension rendered), once its `#root` is in `state`. */
export async function webviewFrame(page: Page, state: string): Promise<FrameLocator> {
  // A webview is an iframe (VS Code's host page) holding the extension's page in an inner iframe.
  const frame = page
    .locator('iframe.webview.ready')
    .last()
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
  await frame.locator(`#root[data-state="${state}"]`).waitFor({ timeout: WAIT_MS });
  return frame;
}
