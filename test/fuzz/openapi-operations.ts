/**
 * The operations of an OpenAPI document, as the fuzz suite needs them: method, path template, path and
 * query parameters, the request body's schema, and its schemas with `$ref`s and `allOf`s resolved.
 */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperationObject>>;
  components?: { schemas?: Record<string, Schema> };
}

interface OpenApiOperationObject {
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface Operation {
  method: string;
  /** The path template, e.g. /api/v1/children/{id}. */
  path: string;
  /** Every `{name}` of the template, declared in the document or not. */
  pathParams: string[];
  query: { name: string; required: boolean; schema: Schema }[];
  /** The JSON body's schema, resolved; undefined when the operation takes none. */
  body?: Schema;
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document. Path parameters come from the template too: a document may omit them. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const fromTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: fromTemplate,
        query: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({
            name: parameter.name,
            required: parameter.required === true,
            schema: resolveSchema(document, parameter.schema ?? { type: 'string' }),
          })),
        body: bodySchema ? resolveSchema(document, bodySchema) : undefined,
      });
    }
  }
  return operations;
}

/** The schema with `$ref`s followed and `allOf`s merged, all the way down (cycles stop at depth 8). */
export function resolveSchema(document: OpenApiDocument, schema: Schema, depth = 0): Schema {
  if (depth > 8) return { type: 'object' };
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) return { type: 'object' };
    return resolveSchema(document, { ...target, nullable: schema.nullable ?? target.nullable }, depth + 1);
  }
  let resolved: Schema = { ...schema };
  if (schema.allOf) {
    for (const part of schema.allOf) {
      const inner = resolveSchema(document, part, depth + 1);
      resolved = {
        ...inner,
        ...resolved,
        properties: { ...inner.properties, ...resolved.properties },
        required: [...(inner.required ?? []), ...(resolved.required ?? [])],
      };
    }
    delete resolved.allOf;
  }
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants?.length) {
    resolved = { ...resolveSchema(document, variants[0], depth + 1), nullable: resolved.nullable };
  }
  if (resolved.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(resolved.properties).map(([key, value]) => [
        key,
        resolveSchema(document, value, depth + 1),
      ]),
    );
  }
  if (resolved.items) resolved.items = resolveSchema(document, resolved.items, depth + 1);
  return resolved;
}

/** A short name for an operation in reports: `POST /api/v1/children`. */
export function operationName(operation: Pick<Operation, 'method' | 'path'>): string {
  return `${operation.method} ${operation.path}`;
}
