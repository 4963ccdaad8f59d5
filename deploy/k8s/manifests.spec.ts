import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileProblems } from './check/dockerfile-checks';
import { nameOf, schemaProblems, type Manifest } from './check/kubernetes-schemas';
import { policyProblems, referencedSecrets } from './check/policy';
import { renderKustomization } from './check/render';

/**
 * Renders every Kustomize overlay with a real kustomize (kustomize, or kubectl's own) and checks every
 * object against the Kubernetes schemas (kubernetes-models, closed to unknown fields) or CloudNativePG's,
 * then against the site rules in check/policy.ts. A broken fixture shows each check can fail.
 */

const here = __dirname;
const repository = join(here, '..', '..');

function problemsByObject(manifests: readonly Manifest[]): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const manifest of manifests) {
    const problems = schemaProblems(manifest);
    if (problems.length > 0) found[nameOf(manifest)] = problems;
  }
  return found;
}

const OVERLAYS = {
  'hub-site': {
    namespace: 'contactpoint-hub',
    kinds: [
      'Cluster',
      'ConfigMap',
      'Deployment',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'ScheduledBackup',
      'Service',
      'StatefulSet',
    ],
  },
  'la-site': {
    namespace: 'contactpoint-la',
    kinds: [
      'Cluster',
      'ConfigMap',
      'Deployment',
      'Ingress',
      'NetworkPolicy',
      'PersistentVolumeClaim',
      'PodDisruptionBudget',
      'ScheduledBackup',
      'Service',
    ],
  },
} as const;

describe.each(Object.entries(OVERLAYS))('Kustomize overlay %s', (overlay, expected) => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = renderKustomization(join(here, 'overlays', overlay));
  });

  it('renders the kinds the site needs, all in its namespace', () => {
    expect([...new Set(manifests.map((manifest) => String(manifest.kind)))].sort()).toEqual([
      ...expected.kinds,
    ]);
    for (const manifest of manifests) {
      expect((manifest.metadata as { namespace?: string }).namespace).toBe(expected.namespace);
    }
  });

  it('gives objects that all validate against their schemas', () => {
    expect(problemsByObject(manifests)).toEqual({});
  });

  it('keeps the site rules: non-root read-only containers, probes, budgets, default deny, no secret values', () => {
    expect(policyProblems(manifests)).toEqual([]);
  });

  it('refers only to Secrets that docs/deploy.md tells the site to create', () => {
    const guide = readFileSync(join(repository, 'docs', 'deploy.md'), 'utf8');
    const secrets = referencedSecrets(manifests);
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => !new RegExp(`(?<![\\w-])${secret}(?![\\w-])`).test(guide))).toEqual([]);
  });
});

describe('the checks on a broken overlay', () => {
  let manifests: Manifest[];
  beforeAll(() => {
    manifests = renderKustomization(join(here, 'check', 'fixtures', 'broken'));
  });

  it('report schema faults: a wrong type, a misspelt field, a wrong enumeration', () => {
    const problems = problemsByObject(manifests);
    expect(problems['Deployment/broken']).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/spec/replicas must be integer'),
        expect.stringContaining('(readOnlyRootFileSytem)'),
      ]),
    );
    expect(problems['Cluster/broken-db']).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          '/spec/postgresql/synchronous/method must be equal to one of the allowed values',
        ),
        expect.stringContaining('(enableSuperUserAccess)'),
      ]),
    );
  });

  it('report the site rules it breaks', () => {
    const problems = policyProblems(manifests);
    for (const expected of [
      'Deployment/broken container app: readOnlyRootFilesystem is not true',
      'Deployment/broken container app: capabilities do not drop ALL',
      'Deployment/broken container app: no memory in resources.limits',
      'Deployment/broken container app: image contactpoint/node is not pinned to a tag',
      'Deployment/broken: liveness probe is not GET /health/live',
      'Deployment/broken: no PodDisruptionBudget selects its pods',
      'Secret/leaked: a Secret in the manifests (secrets are created at the site, referenced by name here)',
      'Cluster/broken-db: fewer than 3 instances',
      'no default-deny NetworkPolicy (all pods, Ingress and Egress, no rule)',
    ]) {
      expect(problems).toContain(expected);
    }
  });

  it('refuse a kind that has no schema here', () => {
    expect(schemaProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })).toEqual(
      ['no schema for example.com/v1/Widget'],
    );
  });
});

describe.each(['hub', 'node'] as const)('the %s container file', (app) => {
  const text = readFileSync(join(repository, 'deploy', 'docker', `${app}.Dockerfile`), 'utf8');

  it('builds with npm ci and nest, runs slim Node 20 as a numeric non-root user, holds no secret', () => {
    expect(dockerfileProblems(text, app)).toEqual([]);
  });

  it('is refused when it runs as root or bakes a secret in', () => {
    const broken = `${text.replace(/^USER .*$/m, 'USER root')}\nENV AUTH_TOKEN_SECRET=abc\n`;
    expect(dockerfileProblems(broken, app)).toEqual([
      'runtime USER "root" is not a numeric non-root user',
      'ENV AUTH_TOKEN_SECRET=abc: a secret baked into the image',
    ]);
  });
});
