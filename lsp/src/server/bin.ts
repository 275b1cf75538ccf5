/** The `sts-inspector-lsp` executable: the language server on stdio (`--stdio` is accepted and implied). */
import { runStdioServer } from './main.js';

runStdioServer();
