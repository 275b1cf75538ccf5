/**
 * The options page's automatic checks switch, rendered in a simulated DOM with a fake browser behind it: turning
 * it on asks for every https origin and saves the setting only when granted; a refusal leaves the switch off.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { allSitesPermission, defaultSettings, type Settings } from '../common/settings.js';
import { Options, type OptionsBackend } from './options-view.js';

function fakeBackend(grant: boolean) {
  const saved: Settings[] = [];
  const backend = {
    saved,
    load: () => Promise.resolve(saved.at(-1) ?? defaultSettings),
    save: (settings: Settings) => {
      saved.push(settings);
      return Promise.resolve();
    },
    request: vi.fn((permissions: { origins: string[] }) =>
      Promise.resolve(grant && permissions.origins.length > 0),
    ),
    clear: () => Promise.resolve(),
  } satisfies OptionsBackend & { saved: Settings[] };
  return backend;
}

/** The pages mounted by the current test, unmounted after it. */
const mounted: HTMLElement[] = [];
afterEach(() => {
  for (const page of mounted.splice(0)) {
    render(null, page);
    page.remove();
  }
});

/** The options page over a backend, once its settings are loaded; its switch and its status line. */
async function mount(backend: OptionsBackend) {
  const page = document.createElement('div');
  document.body.append(page);
  mounted.push(page);
  await act(() => render(<Options backend={backend} />, page));
  await act(() => Promise.resolve());
  const box = page.querySelector<HTMLInputElement>('#auto-check');
  if (box === null) {
    throw new Error('no automatic checks switch');
  }
  return { box, status: () => page.querySelector('#status')?.textContent };
}

async function toggle(box: HTMLInputElement): Promise<void> {
  await act(async () => {
    box.click();
    // The permission request and the save resolve after the click's handler.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe('the automatic checks switch', () => {
  it('asks for every https origin, then saves the setting', async () => {
    const backend = fakeBackend(true);
    const { box, status } = await mount(backend);
    expect(box.checked).toBe(false);
    await toggle(box);
    expect(backend.request).toHaveBeenCalledWith({ origins: [allSitesPermission] });
    expect(backend.saved.at(-1)?.autoCheck).toBe(true);
    expect(box.checked).toBe(true);
    expect(status()).toBe('Every site is checked as it loads.');

    // Turning it off asks for nothing.
    await toggle(box);
    expect(backend.request).toHaveBeenCalledTimes(1);
    expect(backend.saved.at(-1)?.autoCheck).toBe(false);
    expect(box.checked).toBe(false);
  });

  it('stays off, and shows off, when the permission is refused', async () => {
    const backend = fakeBackend(false);
    const { box, status } = await mount(backend);
    await toggle(box);
    expect(backend.request).toHaveBeenCalledTimes(1);
    expect(backend.saved).toEqual([]);
    expect(box.checked).toBe(false);
    expect(status()).toMatch(/^Automatic checks stay off/);
  });
});
