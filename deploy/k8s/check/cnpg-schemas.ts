/**
 * CloudNativePG's `Cluster` and `ScheduledBackup` (postgresql.cnpg.io/v1), as JSON schemas for the fields
 * these manifests use. Written here from CloudNativePG's API reference (v1.25,
 * https://cloudnative-pg.io/documentation/1.25/cloudnative-pg.v1/), field names, types and enumerations as
 * it gives them: no npm package ships the operator's CRD. It is a subset and closed: a field outside it is
 * refused, so a typo cannot pass; to use another field, add it here from the API reference first.
 */
type Schema = Record<string, unknown>;

const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const string: Schema = { type: 'string', minLength: 1 };
const boolean: Schema = { type: 'boolean' };
const stringMap: Schema = { type: 'object', additionalProperties: { type: 'string' } };
const quantity: Schema = {
  anyOf: [{ type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$' }, { type: 'integer' }],
};
const secretKeySelector = object({ name: string, key: string }, ['name', 'key']);

const metadata = object(
  {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    namespace: string,
    labels: stringMap,
    annotations: stringMap,
  },
  ['name'],
);

const storage = object({ size: quantity, storageClass: string, resizeInUseVolumes: boolean }, ['size']);

const cluster = object(
  {
    apiVersion: { const: 'postgresql.cnpg.io/v1' },
    kind: { const: 'Cluster' },
    metadata,
    spec: object(
      {
        description: string,
        instances: { type: 'integer', minimum: 1 },
        imageName: string,
        primaryUpdateStrategy: { enum: ['unsupervised', 'supervised'] },
        primaryUpdateMethod: { enum: ['switchover', 'restart'] },
        enableSuperuserAccess: boolean,
        enablePDB: boolean,
        postgresql: object({
          parameters: stringMap,
          synchronous: object(
            {
              method: { enum: ['any', 'first'] },
              number: { type: 'integer', minimum: 1 },
              dataDurability: { enum: ['required', 'preferred'] },
              maxStandbyNamesFromCluster: { type: 'integer', minimum: 0 },
            },
            ['method', 'number'],
          ),
        }),
        bootstrap: object({
          initdb: object({ database: string, owner: string, secret: object({ name: string }, ['name']) }),
        }),
        storage,
        walStorage: storage,
        affinity: object({
          enablePodAntiAffinity: boolean,
          podAntiAffinityType: { enum: ['preferred', 'required'] },
          topologyKey: string,
          nodeSelector: stringMap,
        }),
        resources: object({
          requests: object({ cpu: quantity, memory: quantity }),
          limits: object({ cpu: quantity, memory: quantity }),
        }),
        backup: object({
          retentionPolicy: { type: 'string', pattern: '^[1-9][0-9]*[dwm]$' },
          barmanObjectStore: object(
            {
              destinationPath: { type: 'string', pattern: '^(s3|gs|https)://' },
              endpointURL: { type: 'string', pattern: '^https://' },
              s3Credentials: object({ accessKeyId: secretKeySelector, secretAccessKey: secretKeySelector }, [
                'accessKeyId',
                'secretAccessKey',
              ]),
              wal: object({
                compression: { enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] },
                maxParallel: { type: 'integer', minimum: 1 },
              }),
              data: object({
                compression: { enum: ['bzip2', 'gzip', 'lz4', 'snappy', 'xz', 'zstd'] },
                jobs: { type: 'integer', minimum: 1 },
              }),
            },
            ['destinationPath'],
          ),
        }),
      },
      ['instances', 'storage'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

const scheduledBackup = object(
  {
    apiVersion: { const: 'postgresql.cnpg.io/v1' },
    kind: { const: 'ScheduledBackup' },
    metadata,
    spec: object(
      {
        // six fields: seconds first, as CloudNativePG's scheduler reads it
        schedule: { type: 'string', pattern: '^\\S+( \\S+){5}$' },
        cluster: object({ name: string }, ['name']),
        backupOwnerReference: { enum: ['none', 'self', 'cluster'] },
        method: { enum: ['barmanObjectStore', 'volumeSnapshot', 'plugin'] },
        immediate: boolean,
        suspend: boolean,
      },
      ['schedule', 'cluster'],
    ),
  },
  ['apiVersion', 'kind', 'metadata', 'spec'],
);

export const CNPG_SCHEMAS: Record<string, Schema> = {
  'postgresql.cnpg.io/v1/Cluster': cluster,
  'postgresql.cnpg.io/v1/ScheduledBackup': scheduledBackup,
};
