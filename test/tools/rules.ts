/** `npm run rules`: renders the findings catalogue into shared/rules.md; a test fails when the committed file differs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderRulesMarkdown } from '@sts-inspector/shared';

const file = fileURLToPath(new URL('../../shared/rules.md', import.meta.url));
const text = renderRulesMarkdown();
const before = readFileSync(file, 'utf8');
if (text === before) {
  console.log('shared/rules.md is up to date');
} else {
  writeFileSync(file, text);
  console.log('shared/rules.md rewritten from the catalogue');
}
