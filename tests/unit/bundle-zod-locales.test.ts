import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { inlined } from '../../build/bundle-options.js';
import { repoRoot, tempDir } from '../helpers/temp.ts';

/**
 * The CLI's and the core's bundles carry zod's French locale (and its English default), not the forty
 * others `z.locales` re-exports: 390 KB every CLI call parsed again. A schema's default message, bundled
 * the same way, still reaches people in French.
 */
describe('zod in the inlined bundles', () => {
  const dir = tempDir('mednum-zod-bundle-');

  it('keeps only the French and English locales, and zod still speaks French', async () => {
    const contents = [
      "import { z } from 'zod';",
      "import './shared/validation.ts';",
      'export const message = z.string().safeParse(1).error?.issues[0]?.message;',
      'export const locales = Object.keys(z.locales);',
    ].join('\n');
    const outfile = path.join(dir, 'entry.js');
    const result = await build({
      ...inlined,
      stdin: { contents, resolveDir: repoRoot, loader: 'ts' },
      outfile,
      metafile: true,
      sourcemap: false,
    });
    const bundledLocales = Object.keys(result.metafile.inputs)
      .filter((input) => input.includes('zod/v4/locales/'))
      .map((input) => path.basename(input));
    expect(bundledLocales.sort()).toEqual(['en.js', 'fr.js']);

    const bundled = (await import(pathToFileURL(outfile).href)) as { message: string; locales: string[] };
    expect(bundled.locales).toEqual(['en', 'fr']);
    expect(bundled.message).toBe('Entrée invalide : chaîne de caractères attendu, nombre reçu');
  });
});
