import { nameOf, type Manifest } from './kubernetes-schemas';

/**
 * The rules every site's manifests keep beyond the schemas: non-root, read-only, unprivileged containers
 * with requests and limits; Deployments probed on /health/live and /health/ready; a disruption budget for
 * every workload; a default-deny network policy; no secret values; pinned images; PostgreSQL with 3
 * instances and synchronous replication that the audit trail can rely on.
 */

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}
function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record) : [];
}
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => record(current)[key], value);
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet']);

function containerProblems(owner: string, pod: Json, container: Json): string[] {
  const problems: string[] = [];
  const where = `${owner} container ${String(container.name)}`;
  const security = record(container.securityContext);
  const podSecurity = record(pod.securityContext);
  if (security.runAsNonRoot !== true && podSecurity.runAsNonRoot !== true) {
    problems.push(`${where}: runAsNonRoot is not true`);
  }
  if (security.readOnlyRootFilesystem !== true) problems.push(`${where}: readOnlyRootFilesystem is not true`);
  if (security.allowPrivilegeEscalation !== false) {
    problems.push(`${where}: allowPrivilegeEscalation is not false`);
  }
  const drop = at(security, 'capabilities', 'drop');
  if (!Array.isArray(drop) || !drop.includes('ALL')) problems.push(`${where}: capabilities do not drop ALL`);
  if (at(security, 'seccompProfile', 'type') !== 'RuntimeDefault') {
    problems.push(`${where}: seccompProfile is not RuntimeDefault`);
  }
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) {
      if (at(container, 'resources', kind, resource) === undefined) {
        problems.push(`${where}: no ${resource} in resources.${kind}`);
      }
    }
  }
  const image = String(container.image);
  if (!/:[A-Za-z0-9._-]+$/.test(image) || image.endsWith(':latest')) {
    problems.push(`${where}: image ${image} is not pinned to a tag`);
  }
  return problems;
}

function podTemplateProblems(manifest: Manifest): string[] {
  const owner = nameOf(manifest);
  const pod = record(at(manifest, 'spec', 'template', 'spec'));
  const problems: string[] = [];
  if (at(pod, 'securityContext', 'runAsNonRoot') !== true)
    problems.push(`${owner}: pod runAsNonRoot is not true`);
  if (at(pod, 'securityContext', 'seccompProfile', 'type') !== 'RuntimeDefault') {
    problems.push(`${owner}: pod seccompProfile is not RuntimeDefault`);
  }
  if (pod.automountServiceAccountToken !== false) {
    problems.push(
      `${owner}: automountServiceAccountToken is not false (nothing here calls the Kubernetes API)`,
    );
  }
  const containers = [...list(pod.initContainers), ...list(pod.containers)];
  if (list(pod.containers).length === 0) problems.push(`${owner}: no containers`);
  for (const container of containers) problems.push(...containerProblems(owner, pod, container));
  if (manifest.kind === 'Deployment') {
    for (const container of list(pod.containers)) {
      const live = at(container, 'livenessProbe', 'httpGet', 'path');
      const ready = at(container, 'readinessProbe', 'httpGet', 'path');
      if (live !== '/health/live') problems.push(`${owner}: liveness probe is not GET /health/live`);
      if (ready !== '/health/ready') problems.push(`${owner}: readiness probe is not GET /health/ready`);
    }
  }
  return problems;
}

function selects(selector: unknown, labels: unknown): boolean {
  const wanted = Object.entries(record(at(selector, 'matchLabels')));
  const have = record(labels);
  return wanted.length > 0 && wanted.every(([key, value]) => have[key] === value);
}

export function policyProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const budgets = manifests.filter((manifest) => manifest.kind === 'PodDisruptionBudget');
  for (const manifest of manifests) {
    const name = nameOf(manifest);
    if (WORKLOADS.has(String(manifest.kind))) {
      problems.push(...podTemplateProblems(manifest));
      const labels = at(manifest, 'spec', 'template', 'metadata', 'labels');
      if (!budgets.some((budget) => selects(at(budget, 'spec', 'selector'), labels))) {
        problems.push(`${name}: no PodDisruptionBudget selects its pods`);
      }
    }
    if (manifest.kind === 'Secret') {
      problems.push(
        `${name}: a Secret in the manifests (secrets are created at the site, referenced by name here)`,
      );
    }
    if (manifest.kind === 'Cluster') {
      const spec = record(manifest.spec);
      if (typeof spec.instances !== 'number' || spec.instances < 3)
        problems.push(`${name}: fewer than 3 instances`);
      if (at(spec, 'postgresql', 'synchronous', 'dataDurability') !== 'required') {
        problems.push(`${name}: synchronous replication with required durability is not set`);
      }
    }
    if (manifest.kind === 'NetworkPolicy' && !Array.isArray(at(manifest, 'spec', 'policyTypes'))) {
      problems.push(`${name}: policyTypes not stated`);
    }
  }
  const denyAll = manifests.some(
    (manifest) =>
      manifest.kind === 'NetworkPolicy' &&
      Object.keys(record(at(manifest, 'spec', 'podSelector'))).length === 0 &&
      JSON.stringify(at(manifest, 'spec', 'policyTypes')) === JSON.stringify(['Ingress', 'Egress']) &&
      at(manifest, 'spec', 'ingress') === undefined &&
      at(manifest, 'spec', 'egress') === undefined,
  );
  if (!denyAll) problems.push('no default-deny NetworkPolicy (all pods, Ingress and Egress, no rule)');
  return problems;
}

/** Names of the Secrets the manifests refer to (env, envFrom, volumes, Ingress TLS, CloudNativePG backups). */
export function referencedSecrets(manifests: readonly Manifest[]): string[] {
  const names = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item));
    if (value === null || typeof value !== 'object') return;
    const object = value as Json;
    if (key === 'secretKeyRef' || key === 'secretRef') names.add(String(object.name));
    if (key === 'secret' && typeof object.secretName === 'string') names.add(object.secretName);
    if (typeof object.secretName === 'string' && Array.isArray(object.hosts)) names.add(object.secretName);
    if (key === 'accessKeyId' || key === 'secretAccessKey') names.add(String(object.name));
    for (const [childKey, child] of Object.entries(object)) visit(child, childKey);
  };
  manifests.forEach((manifest) => visit(manifest));
  return [...names].sort();
}
