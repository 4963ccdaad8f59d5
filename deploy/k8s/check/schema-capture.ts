/**
 * kubernetes-models registers each Kubernetes OpenAPI schema with @kubernetes-models/validate as its model
 * loads, and keeps them inside its own ajv instance. This wraps that registry before any model loads, so the
 * same schemas can also be compiled strictly (unknown fields refused, as `kubectl apply --validate=strict`
 * does). Import it before any `kubernetes-models/...` module.
 */
// The registry's real exports object is needed (an ES import would get an interop copy that the models never call).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const registry = require('@kubernetes-models/validate') as {
  register: (id: string, schema: object) => void;
};

export const capturedSchemas = new Map<string, object>();

const register = registry.register;
registry.register = (id: string, schema: object): void => {
  capturedSchemas.set(id, schema);
  register(id, schema);
};
