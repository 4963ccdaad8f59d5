import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import type { Manifest } from './kubernetes-schemas';

/** How to run Kustomize here: `kustomize build`, else the one inside kubectl (`kubectl kustomize`). */
let found: { command: string; args: string[] } | undefined;
export function kustomizeCommand(): { command: string; args: string[] } | undefined {
  if (found) return found;
  for (const [command, args, version] of [
    ['kustomize', ['build'], ['version']],
    ['kubectl', ['kustomize'], ['version', '--client']],
  ] as const) {
    const probe = spawnSync(command, [...version], { encoding: 'utf8', timeout: 20_000 });
    if (!probe.error && probe.status === 0) {
      found = { command, args: [...args] };
      return found;
    }
  }
  return undefined;
}

/** Renders one Kustomize directory and parses every object it gives; a parse or build failure throws. */
export function renderKustomization(directory: string): Manifest[] {
  const kustomize = kustomizeCommand();
  if (!kustomize)
    throw new Error('Neither kustomize nor kubectl is on the PATH (apt-get install kubernetes-client)');
  const run = spawnSync(kustomize.command, [...kustomize.args, directory], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${kustomize.command} failed on ${directory}: ${run.stderr.trim()}`);
  return parseManifests(run.stdout, directory);
}

export function parseManifests(text: string, source: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      throw new Error(`${source}: YAML: ${document.errors.map((error) => error.message).join('; ')}`);
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`${source}: a document that is not an object`);
    }
    manifests.push(value as Manifest);
  }
  return manifests;
}
