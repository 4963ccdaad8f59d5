import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { promisify } from 'node:util';

/**
 * The layer rule of eslint.layers.mjs (the blocks eslint.config.mjs spreads), run by ESLint itself on made-up
 * files: an import up the order is an error naming both folders, one down it is not. ESLint and the layers
 * file are ES modules, which Jest cannot import here, so a child node process lints and prints the results.
 */
const ROOT = resolve(__dirname, '../../..');

const LINT_SCRIPT = `
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { layerConfigs } from './eslint.layers.mjs';
const parser = { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } };
const eslint = new ESLint({ overrideConfigFile: true, overrideConfig: [parser, ...layerConfigs()] });
const results = [];
for (const { filePath, text } of JSON.parse(process.env.LAYER_FIXTURES)) {
  const [result] = await eslint.lintText(text, { filePath });
  results.push(result.messages.map((m) => ({ rule: m.ruleId, message: m.message })));
}
process.stdout.write(JSON.stringify(results));
`;

interface Finding {
  rule: string;
  message: string;
}

function isFindings(value: unknown): value is Finding[][] {
  return (
    Array.isArray(value) &&
    value.every(
      (messages) =>
        Array.isArray(messages) &&
        messages.every(
          (m: unknown) =>
            typeof m === 'object' &&
            m !== null &&
            typeof (m as Record<string, unknown>).rule === 'string' &&
            typeof (m as Record<string, unknown>).message === 'string',
        ),
    )
  );
}

/** A real source file of that folder (an import ESLint cannot resolve is not checked), without extension. */
function fileIn(app: string, folder: string): string {
  const dir = join(ROOT, 'apps', app, 'src', folder);
  const walk = (relative: string): string | undefined => {
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const path = posix.join(relative, entry.name);
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) return path;
    }
    for (const entry of readdirSync(join(dir, relative), { withFileTypes: true })) {
      const found = entry.isDirectory() ? walk(posix.join(relative, entry.name)) : undefined;
      if (found) return found;
    }
    return undefined;
  };
  const found = walk('');
  if (!found) throw new Error(`no source file in apps/${app}/src/${folder}`);
  return posix.join(folder, found.replace(/\.ts$/, ''));
}

/** A made-up file in `from` (a folder of apps/<app>/src, or '' for the root files) importing `target`. */
function fixture(
  app: string,
  from: string,
  target: string,
  name = 'layer-fixture.ts',
): { filePath: string; text: string } {
  const filePath = posix.join('apps', app, 'src', from, name);
  let specifier = posix.relative(
    posix.join('apps', app, 'src', from),
    posix.join('apps', app, 'src', target),
  );
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return { filePath, text: `import * as imported from '${specifier}';\n\nexport const used = imported;\n` };
}

const FIXTURES = {
  hubUp: fixture('hub', 'trust', fileIn('hub', 'operations')),
  hubUpFromSpec: fixture('hub', 'config', fileIn('hub', 'database'), 'layer-fixture.spec.ts'),
  hubUpToRoot: fixture('hub', 'metrics', 'app.module'),
  hubDown: fixture('hub', 'operations', fileIn('hub', 'trust')),
  hubDownFromRoot: fixture('hub', '', fileIn('hub', 'cli')),
  hubSameLayer: fixture('hub', 'trust', fileIn('hub', 'trust')),
  hubUnplacedFolder: fixture('hub', 'unplaced-folder', fileIn('hub', 'config')),
  nodeUp: fixture('node', 'config', fileIn('node', 'records')),
  nodeDown: fixture('node', 'records', fileIn('node', 'config')),
};
type FixtureName = keyof typeof FIXTURES;

describe('layers: no import climbs a layer (eslint.layers.mjs)', () => {
  let findings: Record<FixtureName, Finding[]>;

  beforeAll(async () => {
    const names = Object.keys(FIXTURES) as FixtureName[];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', LINT_SCRIPT],
      {
        cwd: ROOT,
        env: { ...process.env, LAYER_FIXTURES: JSON.stringify(names.map((name) => FIXTURES[name])) },
      },
    );
    const parsed: unknown = JSON.parse(stdout);
    if (!isFindings(parsed) || parsed.length !== names.length)
      throw new Error(`unexpected output: ${stdout}`);
    findings = Object.fromEntries(names.map((name, index) => [name, parsed[index]])) as Record<
      FixtureName,
      Finding[]
    >;
  }, 60_000);

  it('refuse an upward import in the hub, naming both folders', () => {
    expect(findings.hubUp).toEqual([
      {
        rule: 'boundaries/dependencies',
        message: expect.stringContaining(
          'hub: trust may not import operations, a layer above it: no import climbs a layer.',
        ) as string,
      },
    ]);
  });

  it('hold spec files to the same rule', () => {
    expect(findings.hubUpFromSpec.map((f) => f.message)).toEqual([
      expect.stringContaining('hub: config may not import database, a layer above it') as string,
    ]);
  });

  it('keep the root files (app module, bootstrap, main) at the top', () => {
    expect(findings.hubUpToRoot.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'hub: metrics may not import ../app.module (root-files, the top layer)',
      ) as string,
    ]);
  });

  it('let a file import its own layer and any layer below it', () => {
    expect(findings.hubDown).toEqual([]);
    expect(findings.hubDownFromRoot).toEqual([]);
    expect(findings.hubSameLayer).toEqual([]);
  });

  it('refuse a folder that has no place in the order', () => {
    expect(findings.hubUnplacedFolder.map((f) => f.rule)).toEqual(['boundaries/no-unknown-files']);
  });

  it("apply the node's order too", () => {
    expect(findings.nodeUp.map((f) => f.message)).toEqual([
      expect.stringContaining(
        'node: config may not import records, a layer above it: no import climbs a layer.',
      ) as string,
    ]);
    expect(findings.nodeDown).toEqual([]);
  });
});
