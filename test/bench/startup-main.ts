/** `npm run bench:startup [-- --runs 30 --instructions]`: the start-up benchmark alone (see startup.ts). */
import { parseArgs } from 'node:util';
import { startupBench } from './startup.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    instructions: { type: 'boolean', default: false },
  },
});
await startupBench({ runs: Number(values.runs), instructions: values.instructions });
