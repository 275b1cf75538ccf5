import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailDomainOf, parseDomainName } from './domain-name.js';

describe('a domain name typed by a person', () => {
  it('is read as A-labels in lower case, without the final dot', () => {
    expect(parseDomainName(' Example.COM. ')).toEqual({ ok: true, domain: 'example.com' });
    expect(parseDomainName('bücher.example')).toEqual({ ok: true, domain: 'xn--bcher-kva.example' });
    expect(parseDomainName('_dmarc.example.com')).toEqual({ ok: true, domain: '_dmarc.example.com' });
  });

  it('is refused with the input named when it is no domain name', () => {
    for (const bad of [
      'not a domain',
      'localhostonly',
      // Found by the property below: one label with a final dot.
      'A.',
      '192.0.2.1',
      'user@victim.example',
      'a.example/x',
      'a.example:99',
      'https://a.example',
      '-a.example',
      `${'a'.repeat(64)}.example`,
      '',
    ]) {
      expect(parseDomainName(bad), bad).toEqual({
        ok: false,
        message: `not a domain name: ${JSON.stringify(bad)}`,
      });
    }
  });

  it('never throws, and what it accepts reads back as itself', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.domain(), fc.webUrl()), (input) => {
        const read = parseDomainName(input);
        if (read.ok) {
          expect(parseDomainName(read.domain)).toEqual(read);
          expect(read.domain).toMatch(/^[a-z0-9_.-]+$/);
        }
      }),
    );
  });
});

describe('the mail domain of a site', () => {
  it('is the registrable domain of the host, from a URL or a host name', () => {
    expect(mailDomainOf('https://www.example.co.uk/path?q=1')).toBe('example.co.uk');
    expect(mailDomainOf('http://mail.Example.COM:8080/')).toBe('example.com');
    expect(mailDomainOf('shop.example.com')).toBe('example.com');
    expect(mailDomainOf('https://bücher.example/')).toBe('xn--bcher-kva.example');
    // A name under a TLD the list does not know (a test lab's `.test`) has its last two labels.
    expect(mailDomainOf('https://www.several-mx.test/')).toBe('several-mx.test');
    // Private suffixes (github.io) are not mail domains of their own: the ICANN section decides.
    expect(mailDomainOf('https://someone.github.io/')).toBe('github.io');
  });

  it('is null where there is nothing to check', () => {
    for (const none of [
      'http://localhost:3000/',
      'https://app.localhost/',
      'http://printer.local/',
      'https://wiki.internal/',
      'http://router.home.arpa/',
      'https://192.0.2.1/',
      'https://[2001:db8::1]/',
      'file:///etc/hosts',
      'chrome://extensions/',
      'about:blank',
      'moz-extension://abc/popup.html',
      'ftp://ftp.example.com/',
      'mailto:a@example.com',
      'co.uk',
      'https://co.uk/',
      'not a url',
      '',
    ]) {
      expect(mailDomainOf(none), none).toBeNull();
    }
  });

  it('never throws, and gives a domain the CLI would take', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.domain()), (input) => {
        const domain = mailDomainOf(input);
        if (domain !== null) {
          expect(parseDomainName(domain)).toEqual({ ok: true, domain });
        }
      }),
    );
  });
});
