/**
 * The server's Markdown shown as a page, for a preview without summary data: headings, tables, paragraphs, bold and
 * code spans, backslash escapes. Built as DOM nodes whose strings are text: no HTML in the Markdown is ever parsed,
 * so a report string that slipped through unescaped still shows as the characters it is.
 */
import { el } from './dom.js';

/** Inline text: `\x` is a literal x, `**…**` bold, `` `…` `` code. */
function inline(text: string): Node[] {
  const out: Node[] = [];
  let current: HTMLElement | null = null;
  let buffer = '';
  const flush = (): void => {
    if (buffer === '') {
      return;
    }
    if (current === null) {
      out.push(document.createTextNode(buffer));
    } else {
      current.append(buffer);
    }
    buffer = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      buffer += text[++i];
    } else if (c === '`' || (c === '*' && text[i + 1] === '*')) {
      const tag = c === '`' ? 'code' : 'strong';
      flush();
      if (current !== null && current.localName === tag) {
        out.push(current);
        current = null;
      } else if (current === null) {
        current = el(tag);
      } else {
        buffer += c === '`' ? c : '**';
      }
      if (c === '*') {
        i++;
      }
    } else {
      buffer += c;
    }
  }
  flush();
  if (current !== null) {
    out.push(current);
  }
  return out;
}

/** The cells of a table row, split at `|` not escaped by a backslash. */
function cells(line: string): string[] {
  const body = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) {
      cell += body.slice(i, i + 2);
      i++;
    } else if (body[i] === '|') {
      out.push(cell.trim());
      cell = '';
    } else {
      cell += body[i];
    }
  }
  out.push(cell.trim());
  return out;
}

const isTableLine = (line: string): boolean => line.trimStart().startsWith('|');
const isSeparator = (line: string): boolean => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);

export function renderMarkdown(markdown: string): HTMLElement {
  const root = el('div', 'markdown');
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading !== null) {
      const tag = `h${Math.min(6, heading[1]!.length + 1)}` as 'h2';
      root.append(el(tag, undefined, ...inline(heading[2]!)));
    } else if (isTableLine(line) && isSeparator(lines[i + 1] ?? '')) {
      const head = el('tr', undefined, ...cells(line).map((c) => el('th', undefined, ...inline(c))));
      const body = el('tbody');
      for (i += 2; i < lines.length && isTableLine(lines[i] ?? ''); i++) {
        body.append(
          el('tr', undefined, ...cells(lines[i] ?? '').map((c) => el('td', undefined, ...inline(c)))),
        );
      }
      i--;
      root.append(el('section', 'table', el('table', undefined, el('thead', undefined, head), body)));
    } else if (line.trim() !== '') {
      root.append(el('p', undefined, ...inline(line)));
    }
  }
  return root;
}
