import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage, ValidationTypes } from 'class-validator';

/** Every DTO file of the node and the hub. */
function dtoFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return dtoFiles(path);
    return /\/dto\/[^/]+\.dto\.ts$/.test(path) ? [path] : [];
  });
}

describe('DTOs: every nested field is validated as an object', () => {
  it('no ValidateNested without IsObject (use ValidateNestedObject from @cp/http)', async () => {
    const root = join(__dirname, '../../../../..');
    const files = [...dtoFiles(join(root, 'apps/node/src')), ...dtoFiles(join(root, 'apps/hub/src'))];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) await import(file);
    const storage = getMetadataStorage() as unknown as {
      validationMetadatas: Map<
        unknown,
        { target: { name: string }; propertyName: string; type: string; name?: string }[]
      >;
    };
    const all = [...storage.validationMetadatas.values()].flat();
    const nested = all.filter((entry) => entry.type === ValidationTypes.NESTED_VALIDATION);
    expect(nested.length).toBeGreaterThan(5);
    const unguarded = nested
      .filter(
        (entry) =>
          !all.some(
            (other) =>
              other.target === entry.target &&
              other.propertyName === entry.propertyName &&
              other.name === 'isObject',
          ),
      )
      .map((entry) => `${entry.target.name}.${entry.propertyName}`);
    expect(unguarded).toEqual([]);
  });
});
