import { createRequire } from 'node:module';
import { join } from 'node:path';
import { TestEnvironment } from 'jest-environment-node';

/**
 * Jest's node environment, plus fhir-kit-client for test/fhir. That client ships as ES modules only
 * (its package exports only an `import` condition), which Jest's own module system cannot load; this
 * environment runs in Node itself, so Node loads it (require of an ES module, Node >= 20.19) and hands it
 * to the suite as `globalThis.fhirKitClient`. A suite opts in with
 * `@jest-environment ./test/fhir/fhir-environment.ts`. @medplum/core reads the global WebSocket when it is
 * loaded, which Node 20 lacks: the tests never open one, so an empty stand-in is enough.
 */
export default class FhirEnvironment extends TestEnvironment {
  override async setup(): Promise<void> {
    await super.setup();
    const nodeRequire = createRequire(__filename);
    const entry = join(this.global.process.cwd(), 'node_modules', 'fhir-kit-client', 'dist', 'index.js');
    this.global.fhirKitClient = nodeRequire(entry) as unknown;
    const global = this.global as Record<string, unknown>;
    global.WebSocket ??= class WebSocketUnused {};
  }
}
