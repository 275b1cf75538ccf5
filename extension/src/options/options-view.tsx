/** The options page: resolver, automatic checks, and forgetting what the extension stored. */
import { dohPresets, resolveEndpoint, type DohPresetName } from '@sts-inspector/shared';
import { useEffect, useState } from 'preact/hooks';
import { allSitesPermission, resolverPermission, type Settings } from '../common/settings.js';

/** What the options page needs from the browser. */
export interface OptionsBackend {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
  /** Ask for permissions (must run in the click's handler); resolves whether they were granted. */
  request(permissions: { origins: string[] }): Promise<boolean>;
  clear(): Promise<void>;
}

const presetNames = Object.keys(dohPresets) as DohPresetName[];

export function Options({ backend }: { backend: OptionsBackend }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [choice, setChoice] = useState<string>('cloudflare');
  const [custom, setCustom] = useState('');
  const [status, setStatus] = useState('');

  useEffect(() => {
    void backend.load().then((loaded) => {
      setSettings(loaded);
      const isPreset = (presetNames as string[]).includes(loaded.resolver);
      setChoice(isPreset ? loaded.resolver : 'custom');
      setCustom(isPreset ? '' : loaded.resolver);
    });
  }, []);

  if (settings === null) {
    return <p>Loading…</p>;
  }
  const resolver = choice === 'custom' ? custom.trim() : choice;
  const endpoint = resolveEndpoint(resolver);
  const customError = choice === 'custom' && custom.trim() !== '' && !endpoint.ok ? endpoint.message : '';

  const saveResolver = (): void => {
    if (!endpoint.ok) {
      setStatus(endpoint.message);
      return;
    }
    const origin = resolverPermission(resolver);
    const asked = origin === null ? Promise.resolve(false) : backend.request({ origins: [origin] });
    void asked.then(async (granted) => {
      if (!granted) {
        setStatus(`The resolver was not changed: the extension needs permission for ${origin ?? resolver}.`);
        return;
      }
      const next = { ...settings, resolver };
      await backend.save(next);
      setSettings(next);
      setStatus(`Resolver saved: ${endpoint.url}`);
    });
  };

  const setAutoCheck = (on: boolean): void => {
    const asked = on ? backend.request({ origins: [allSitesPermission] }) : Promise.resolve(true);
    void asked.then(async (granted) => {
      if (!granted) {
        setStatus(
          'Automatic checks stay off: they need access to every https site, to read its address and fetch its policy.',
        );
        return;
      }
      const next = { ...settings, autoCheck: on };
      await backend.save(next);
      setSettings(next);
      setStatus(
        on ? 'Every site is checked as it loads.' : 'Sites are checked only when you click the button.',
      );
    });
  };

  return (
    <div class="options">
      <h1>STS Inspector options</h1>
      <section aria-labelledby="resolver-title">
        <h2 id="resolver-title">DNS-over-HTTPS resolver</h2>
        <p>Every lookup goes to this resolver over HTTPS (RFC 8484); nothing else is sent anywhere.</p>
        {presetNames.map((name) => (
          <label key={name} class="choice">
            <input
              type="radio"
              name="resolver"
              value={name}
              checked={choice === name}
              onChange={() => setChoice(name)}
            />{' '}
            {dohPresets[name].label} <code>{dohPresets[name].url}</code>
          </label>
        ))}
        <label class="choice">
          <input
            type="radio"
            name="resolver"
            value="custom"
            checked={choice === 'custom'}
            onChange={() => setChoice('custom')}
          />{' '}
          Another resolver:
        </label>
        <input
          id="custom-resolver"
          type="url"
          placeholder="https://resolver.example/dns-query"
          value={custom}
          disabled={choice !== 'custom'}
          aria-invalid={customError !== ''}
          aria-describedby="custom-error"
          onInput={(event) => setCustom((event.target as HTMLInputElement).value)}
        />
        <p id="custom-error" class="error">
          {customError}
        </p>
        <button type="button" id="save-resolver" disabled={!endpoint.ok} onClick={saveResolver}>
          Save resolver
        </button>
      </section>
      <section aria-labelledby="auto-title">
        <h2 id="auto-title">Automatic checks</h2>
        <label>
          <input
            id="auto-check"
            type="checkbox"
            checked={settings.autoCheck}
            onChange={(event) => setAutoCheck((event.target as HTMLInputElement).checked)}
          />{' '}
          Check every https site as it loads (asks for access to every https site: its address and its policy)
        </label>
      </section>
      <section aria-labelledby="clear-title">
        <h2 id="clear-title">Stored data</h2>
        <p>
          Results are kept within their DNS TTLs; the last policy of each domain is kept to notice changes.
        </p>
        <button
          type="button"
          id="clear"
          onClick={() => void backend.clear().then(() => setStatus('Cache and remembered policies cleared.'))}
        >
          Clear the cache and the remembered policies
        </button>
      </section>
      <p id="status" role="status">
        {status}
      </p>
    </div>
  );
}
