import { InvalidInputError } from '@cp/errors';

/** The parts of a Fastify request the FHIR routes read. */
export interface FhirRequest {
  protocol: string;
  host: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** This node's FHIR base as the client reached it (Host and, behind a trusted proxy, its protocol). */
export function fhirBaseOf(request: FhirRequest): string {
  if (!HOST.test(request.host))
    throw InvalidInputError.field('Host', 'host', 'The Host header is not a host name');
  return `${request.protocol}://${request.host}/fhir`;
}

/** The request's own URL, absolute (a Bundle's self link). */
export function selfUrlOf(request: FhirRequest): URL {
  return new URL(request.url, `${request.protocol}://${fhirBaseOf(request).split('://')[1].split('/')[0]}`);
}
