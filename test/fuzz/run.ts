/**
 * `npm run fuzz -- --runs N [--seed S] [spec paths]`: runs the fuzz specs (test/fuzz/*.fuzz.e2e-spec.ts)
 * with FUZZ_RUNS=N generated requests per operation and messages per subject (default: the specs' own).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const env: NodeJS.ProcessEnv = { ...process.env };
const paths: string[] = [];
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split('=');
  if (flag === '--runs' || flag === '--seed') {
    const value = inline ?? args[++i];
    if (!/^[1-9][0-9]*$/.test(value ?? '')) {
      console.error(`${flag} needs a positive whole number, got ${value ?? 'nothing'}`);
      process.exit(2);
    }
    env[flag === '--runs' ? 'FUZZ_RUNS' : 'FUZZ_SEED'] = value;
  } else {
    paths.push(args[i]);
  }
}
const root = resolve(__dirname, '..', '..');
const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const result = spawnSync(
  process.execPath,
  [jest, '--selectProjects', 'e2e', '--runInBand', ...(paths.length ? paths : ['test/fuzz'])],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
