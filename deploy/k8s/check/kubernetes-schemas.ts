import { capturedSchemas } from './schema-capture'; // first: it must wrap the registry before a model loads
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CNPG_SCHEMAS } from './cnpg-schemas';

/** A rendered object: whatever YAML gave, checked before anything reads its fields. */
export type Manifest = Record<string, unknown>;

interface Model {
  validate(): void;
}
type ModelClass = new (data: never) => Model;

/** The kinds a site's manifests may hold, each with the Kubernetes schema it is checked against. */
const MODELS: Record<string, { model: ModelClass; schemaId: string }> = {
  'v1/ConfigMap': { model: ConfigMap, schemaId: 'io.k8s.api.core.v1.ConfigMap' },
  'v1/PersistentVolumeClaim': {
    model: PersistentVolumeClaim,
    schemaId: 'io.k8s.api.core.v1.PersistentVolumeClaim',
  },
  'v1/Secret': { model: Secret, schemaId: 'io.k8s.api.core.v1.Secret' },
  'v1/Service': { model: Service, schemaId: 'io.k8s.api.core.v1.Service' },
  'apps/v1/Deployment': { model: Deployment, schemaId: 'io.k8s.api.apps.v1.Deployment' },
  'apps/v1/StatefulSet': { model: StatefulSet, schemaId: 'io.k8s.api.apps.v1.StatefulSet' },
  'policy/v1/PodDisruptionBudget': {
    model: PodDisruptionBudget,
    schemaId: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  },
  'networking.k8s.io/v1/NetworkPolicy': {
    model: NetworkPolicy,
    schemaId: 'io.k8s.api.networking.v1.NetworkPolicy',
  },
  'networking.k8s.io/v1/Ingress': { model: Ingress, schemaId: 'io.k8s.api.networking.v1.Ingress' },
};

/** The schema with every object that lists its properties closed to others (unless it says otherwise). */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps field names to schemas: recurse into each schema, keep the names.
    copy[key] =
      key === 'properties' && value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, closed(sub)]))
        : closed(value);
  }
  if (
    'properties' in copy &&
    !('additionalProperties' in copy) &&
    copy['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    copy.additionalProperties = false;
  }
  return copy;
}

const strict = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const added = new Set<string>();
/** An ajv holding every schema captured so far, closed: it reports fields Kubernetes does not know. */
function strictAjv(): Ajv {
  // Models register their schemas as they first validate, so add whatever arrived since the last call.
  for (const [id, schema] of capturedSchemas) {
    if (added.has(id)) continue;
    strict.addSchema(closed(schema) as object, id);
    added.add(id);
  }
  return strict;
}

const cnpgAjv = new Ajv({ strict: false, allErrors: true });
const CNPG_VALIDATORS: Record<string, ValidateFunction> = Object.fromEntries(
  Object.entries(CNPG_SCHEMAS).map(([kind, schema]) => [kind, cnpgAjv.compile(schema)]),
);

function describe(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const where = error.instancePath || '/';
    const extra =
      error.keyword === 'additionalProperties'
        ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
        : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
}

export function nameOf(manifest: Manifest): string {
  const metadata = manifest.metadata;
  const name =
    metadata !== null && typeof metadata === 'object'
      ? (metadata as Record<string, unknown>).name
      : undefined;
  return `${String(manifest.kind)}/${typeof name === 'string' ? name : '?'}`;
}

/**
 * Every problem with one rendered object against the schema of its kind: the Kubernetes OpenAPI schemas
 * of kubernetes-models (types, formats, required fields, then unknown fields), or CloudNativePG's for its
 * kinds. An object of a kind not listed here is a problem too: add its schema before shipping it.
 */
export function schemaProblems(manifest: Manifest): string[] {
  const key = `${String(manifest.apiVersion)}/${String(manifest.kind)}`;
  const cnpg = CNPG_VALIDATORS[key];
  if (cnpg) return cnpg(manifest) ? [] : describe(cnpg.errors);
  const entry = MODELS[key];
  if (!entry) return [`no schema for ${key}`];
  const problems: string[] = [];
  try {
    new entry.model(manifest as never).validate();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const validate = strictAjv().getSchema(entry.schemaId);
  if (!validate) return [...problems, `schema ${entry.schemaId} was not captured`];
  if (!validate(manifest)) {
    for (const problem of describe(validate.errors)) {
      if (problem.includes('must NOT have additional properties')) problems.push(problem);
    }
  }
  return problems;
}
