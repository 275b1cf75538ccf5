import type { BuildOptions, Plugin } from 'esbuild';

export const bundled: BuildOptions;

export const commandEntries: Record<'check' | 'lint' | 'report' | 'lsp', string>;

export function commandBundleOptions(
  entryPoint: string,
  options: { define: Record<string, string>; plugins?: Plugin[] },
): BuildOptions & { write: false };
