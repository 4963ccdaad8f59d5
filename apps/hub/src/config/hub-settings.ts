import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ServiceSettings } from '@cp/config';

/** The hub's settings, read from the environment and validated at start (see README, "Settings"). */
export class HubSettings extends ServiceSettings {
  /**
   * Directory of the federation PKI: ca.crt, ca.key.enc (encrypted), hub.crt, hub.key (0600).
   * Without it the hub runs without federation (health only) and says so at start.
   */
  @IsOptional()
  @IsString()
  HUB_PKI_DIR?: string;

  /** Unlocks the CA key for issuing; without it enrolment and renewal answer 503. */
  @IsOptional()
  @IsString()
  @MinLength(12)
  HUB_CA_PASSPHRASE?: string;

  /** Federation bus: tls://host:port only. */
  @IsOptional()
  @Matches(/^tls:\/\/[^\s/]+:\d+$/, { message: 'NATS_URL must be tls://host:port (no plaintext links)' })
  NATS_URL?: string;

  /** Where the hub writes nats-server's configuration (users from issued, unrevoked certificates). */
  @IsOptional()
  @IsString()
  NATS_SERVER_CONFIG_FILE?: string;

  /** nats-server's pid file: the hub signals it to reload after issuance, revocation and expiry. */
  @IsOptional()
  @IsString()
  NATS_SERVER_PID_FILE?: string;

  @IsString()
  NATS_SERVER_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  NATS_SERVER_PORT = 4222;

  /** JetStream storage of nats-server; JetStream stays off without it. */
  @IsOptional()
  @IsString()
  NATS_JETSTREAM_DIR?: string;

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(90)
  LA_CERT_VALIDITY_DAYS = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  ENROLMENT_TOKEN_TTL_HOURS = 72;

  /** How often the hub re-checks for expired certificates and refreshes nats-server's users. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  NATS_USERS_REFRESH_SECONDS = 10;

  /**
   * Each LA's own streams at the hub (index events, handover steps): how many messages and bytes may wait
   * for the hub, the largest message, and how many a second the hub takes from one LA. An LA past a limit
   * is refused by JetStream ("maximum messages exceeded") and logged at both ends; no other LA waits.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  BUS_LA_INDEX_MAX_MESSAGES = 500_000;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  BUS_LA_HANDOVER_MAX_MESSAGES = 10_000;

  @Type(() => Number)
  @IsInt()
  @Min(1024 * 1024)
  BUS_LA_STREAM_MAX_BYTES = 512 * 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(16 * 1024)
  @Max(8 * 1024 * 1024)
  BUS_LA_MAX_MESSAGE_BYTES = 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  BUS_LA_INDEX_RATE_PER_SECOND = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  BUS_LA_HANDOVER_RATE_PER_SECOND = 50;

  /** Cross-boundary search: how long the hub waits for answering nodes before answering with what arrived. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(30_000)
  SEARCH_ANSWER_DEADLINE_MS = 2000;

  /**
   * Per-LA limit on cross-boundary route lookups (anti-trawl), counted in PostgreSQL over
   * ROUTE_LOOKUP_RATE_LIMIT_WINDOW_SECONDS across every hub process. Over it, the LA gets a signed refusal
   * 'rate-limited' with retryAfterSeconds; the refusal is logged and counted on the console.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  ROUTE_LOOKUP_RATE_LIMIT = 600;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  ROUTE_LOOKUP_RATE_LIMIT_WINDOW_SECONDS = 60;

  /**
   * Operators' console: a node is 'late' when nothing (index event or heartbeat) has arrived from it for
   * this long, and 'down' after NODE_DOWN_AFTER_SECONDS. A node heartbeats every INDEX_HEARTBEAT_SECONDS
   * (30 by default, each with its own JetStream message id), so 90 s is three missed heartbeats.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  NODE_LATE_AFTER_SECONDS = 90;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7 * 86_400)
  NODE_DOWN_AFTER_SECONDS = 300;

  /** The console and metrics warn when an LA's current certificate has fewer days than this left. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  CERT_EXPIRY_WARNING_DAYS = 14;

  /** Handovers: one in flight at its step longer than this is listed as stuck for operators. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(7 * 86_400)
  HANDOVER_STUCK_AFTER_SECONDS = 900;

  /**
   * The message log (docs/security.md, "Message log"): signed messages older than this many days are
   * purged once a day; the database refuses a retention under 30 days. 2555 days is about 7 years.
   */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(36_500)
  MESSAGE_LOG_RETENTION_DAYS = 2555;

  /** Tests only (refused unless NODE_ENV=test): the hub SIGKILLs itself right after a handover step. */
  @IsOptional()
  @IsString()
  HANDOVER_FAILPOINT?: string;
}

export const HUB_SETTINGS = Symbol('HUB_SETTINGS');
