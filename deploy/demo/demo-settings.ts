import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** The demo launcher's own settings, read from the environment (see README, "Settings"). */
export class DemoSettings {
  /** An existing PostgreSQL server to use instead of the embedded one, e.g. postgres://postgres@127.0.0.1:5432 */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^/]+\/?$/, {
    message: 'DATABASE_SERVER_URL must be postgres://user[:password]@host:port, without a database name',
  })
  DATABASE_SERVER_URL?: string;

  /** The hub listens here; the nodes on the next ports up. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65000)
  DEMO_BASE_PORT = 4000;

  /** The demo's own nats-server (mutual TLS, JetStream), configured by the hub. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65000)
  DEMO_NATS_PORT = 4250;

  /** Synthetic children seeded into each node. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  DEMO_CHILDREN_PER_LA = 500;

  /** Seed of the synthetic data: the same seed gives the same children. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DEMO_SEED = 2026;
}
