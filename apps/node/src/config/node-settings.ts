import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsPhoneNumber,
  IsString,
  IsTimeZone,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IsLaCode } from '@cp/identifiers';
import { FederationSettings } from './federation-settings';

/** The node's settings, read from the environment and validated at start (see README, "Settings"). */
export class NodeSettings extends FederationSettings {
  /** ONS code of the local authority this node serves, e.g. E09000033. */
  @IsLaCode()
  NODE_LA_CODE!: string;

  @IsString()
  @IsNotEmpty()
  NODE_LA_NAME!: string;

  /** The LA team that brokers contact about shielded children: shown instead of a shielded record. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  SHIELDING_TEAM_NAME = 'ContactPoint shielding team';

  @IsPhoneNumber('GB')
  SHIELDING_TEAM_TELEPHONE = '0300 123 4567';

  @IsEmail()
  SHIELDING_TEAM_EMAIL = 'contactpoint-shielding@example.gov.uk';

  /** The most results a search returns. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  SEARCH_RESULT_CAP = 20;

  /** Secret that signs this node's access tokens: at least 32 random characters, never shared. */
  @IsString()
  @MinLength(32)
  AUTH_TOKEN_SECRET!: string;

  /** Lifetime of an access token, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /**
   * Optional: the database role that owns the schema and runs migrations. When set, DATABASE_URL must name
   * another role, which is granted only what the node needs (SELECT and INSERT on audit_entry), so the
   * application's role cannot change the audit trail nor disable its triggers (docs/security.md).
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+\/[a-z_][a-z0-9_]*$/, {
    message: 'DATABASE_OWNER_URL must be postgres://user@host:port/database',
  })
  DATABASE_OWNER_URL?: string;

  /** AES-256 key (64 hex characters) that encrypts TOTP secrets at rest. Required; keep it out of backups. */
  @Matches(/^[0-9a-fA-F]{64}$/, {
    message: 'TOTP_ENCRYPTION_KEY must be 64 hexadecimal characters (32 bytes)',
  })
  TOTP_ENCRYPTION_KEY!: string;

  /** A session with no request for this long ends; its tokens stop working. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(28800)
  SESSION_IDLE_TIMEOUT_SECONDS = 900;

  /** A session ends this long after sign-in, however busy. */
  @Type(() => Number)
  @IsInt()
  @Min(300)
  @Max(86400)
  SESSION_MAX_LIFETIME_SECONDS = 36000;

  /** Failed sign-ins in a row that lock an account. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  SIGN_IN_LOCKOUT_THRESHOLD = 5;

  /** How long a locked account stays locked, in minutes. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  SIGN_IN_LOCKOUT_MINUTES = 15;

  /** Sign-in attempts allowed per minute from one IP address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  SIGN_IN_RATE_LIMIT_PER_IP = 30;

  /** Sign-in attempts allowed per minute for one username. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  SIGN_IN_RATE_LIMIT_PER_USERNAME = 10;

  /**
   * Per-user rate limits (anti-trawl), counted per signed-in user over a window of RATE_LIMIT_WINDOW_SECONDS
   * in PostgreSQL (so every node process shares them). Over a limit: 429 with Retry-After, audited.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Local searches one user may make per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  SEARCH_RATE_LIMIT = 30;

  /** Cross-boundary searches one user may make per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  CROSS_BOUNDARY_SEARCH_RATE_LIMIT = 20;

  /** Record views one user may make per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  RECORD_VIEW_RATE_LIMIT = 120;

  /**
   * Optional: PEM certificate (chain) and key files; with both the node serves HTTPS itself and sends
   * Strict-Transport-Security on every response.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  HTTPS_CERT_FILE?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  HTTPS_KEY_FILE?: string;

  /** Strict-Transport-Security max-age, in seconds, when serving HTTPS. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(63072000)
  HSTS_MAX_AGE_SECONDS = 31536000;

  /**
   * Optional: comma-separated IP addresses or CIDRs of the TLS proxies in front of the node. Only a
   * connection from one of them has its X-Forwarded-For honoured as the client's address (sign-in limit
   * per IP); without it the header is ignored.
   */
  @IsOptional()
  @Matches(/^[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*$/, {
    message: 'TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDRs',
  })
  TRUSTED_PROXIES?: string;

  /** Misuse review: more record views than this by one user in one day is flagged. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MISUSE_VIEWS_PER_DAY_THRESHOLD = 50;

  /** Misuse review: a search with no view or involvement by the same user within this many minutes is flagged. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  MISUSE_SEARCH_FOLLOW_UP_MINUTES = 30;

  /** Working hours (local hour, 0-24) in WORKING_HOURS_TIMEZONE; access outside them is flagged. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  WORKING_HOURS_START = 8;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24)
  WORKING_HOURS_END = 18;

  @IsTimeZone()
  WORKING_HOURS_TIMEZONE = 'Europe/London';

  /** When the node runs its daily misuse review (cron, in WORKING_HOURS_TIMEZONE). */
  @IsString()
  MISUSE_REVIEW_CRON = '0 30 6 * * *';

  @Transform(({ obj, key }) => {
    const raw = (obj as Record<string, unknown>)[key];
    return raw === undefined ? true : raw === true || raw === 'true';
  })
  @IsBoolean()
  MISUSE_REVIEW_ENABLED = true;

  /**
   * The federation token key (base64 of 32 random bytes), the same at every node and never given to the hub:
   * locator tokens are keyed with it. Without it the node records index changes but does not publish them.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'FEDERATION_TOKEN_KEY must be base64 of 32 bytes' })
  FEDERATION_TOKEN_KEY?: string;

  /**
   * How often the node tells the hub it is alive while it has no index change to publish. The hub's
   * NODE_LATE_AFTER_SECONDS (90 by default) should stay above two of these intervals.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(300)
  INDEX_HEARTBEAT_SECONDS = 30;

  /** The LA team other LAs' practitioners contact about a child whose record moved here (handover stubs). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(150)
  LA_CONTACT_NAME = 'ContactPoint team';

  @IsPhoneNumber('GB')
  LA_CONTACT_TELEPHONE = '0300 123 4568';

  @IsEmail()
  LA_CONTACT_EMAIL = 'contactpoint-team@example.gov.uk';

  /**
   * The message log (docs/security.md, "Message log"): signed messages older than this many days are
   * purged once a day; the database refuses a retention under 30 days. 2555 days is about 7 years.
   */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(36_500)
  MESSAGE_LOG_RETENTION_DAYS = 2555;

  /**
   * Optional: sign-in through the LA's OpenID Connect identity provider (docs/security.md, "Sign-in through
   * the LA's identity provider"). No OIDC unless OIDC_ISSUER is set; then the client id, secret, redirect URI
   * and role map are required. http is accepted only for a loopback issuer (tests, a local IdP).
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['https', 'http'] },
    { message: "OIDC_ISSUER must be the identity provider's issuer URL, e.g. https://login.example.gov.uk" },
  )
  OIDC_ISSUER?: string;

  @ValidateIf((settings: NodeSettings) => settings.OIDC_ISSUER !== undefined)
  @IsString()
  @IsNotEmpty({ message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER is set' })
  @MaxLength(256)
  OIDC_CLIENT_ID?: string;

  @ValidateIf((settings: NodeSettings) => settings.OIDC_ISSUER !== undefined)
  @IsString({ message: 'OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set' })
  @MinLength(16, { message: 'OIDC_CLIENT_SECRET must be at least 16 characters' })
  OIDC_CLIENT_SECRET?: string;

  /** The node's callback as the IdP knows it: https://<node>/api/v1/auth/oidc/callback. */
  @ValidateIf((settings: NodeSettings) => settings.OIDC_ISSUER !== undefined)
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['https', 'http'] },
    { message: 'OIDC_REDIRECT_URI must be the URL of /api/v1/auth/oidc/callback on this node' },
  )
  OIDC_REDIRECT_URI?: string;

  /** The ID token claim that carries the user's role at the IdP (a string or an array of strings). */
  @Matches(/^[A-Za-z0-9_:./-]{1,128}$/, { message: 'OIDC_ROLE_CLAIM must be a claim name' })
  OIDC_ROLE_CLAIM = 'cp_role';

  /** IdP role values to the node's roles: `idp-value=role,idp-value=role`, e.g. `cp-dm=data-manager`. */
  @ValidateIf((settings: NodeSettings) => settings.OIDC_ISSUER !== undefined)
  @Matches(/^[^=,\s]+=[a-z-]+(\s*,\s*[^=,\s]+=[a-z-]+)*$/, {
    message: 'OIDC_ROLE_MAP must be idp-value=role pairs separated by commas, e.g. cp-dm=data-manager',
  })
  OIDC_ROLE_MAP?: string;

  /** Scopes asked of the IdP (openid is always asked). */
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, {
    message: 'OIDC_SCOPES must be scope names separated by single spaces',
  })
  OIDC_SCOPES = 'openid profile';

  /**
   * Optional: the IdP's MFA is trusted only when the ID token says so: with OIDC_REQUIRED_AMR (comma list) its
   * `amr` must name at least one of them; with OIDC_REQUIRED_ACR (comma list) its `acr` must be one of them
   * (and they are asked for as acr_values). Unset, the node trusts the IdP's own sign-in policy.
   */
  @IsOptional()
  @Matches(/^[^,\s]+(\s*,\s*[^,\s]+)*$/, { message: 'OIDC_REQUIRED_AMR must be a comma-separated list' })
  OIDC_REQUIRED_AMR?: string;

  @IsOptional()
  @Matches(/^[^,\s]+(\s*,\s*[^,\s]+)*$/, { message: 'OIDC_REQUIRED_ACR must be a comma-separated list' })
  OIDC_REQUIRED_ACR?: string;

  /** The name on the sign-in page's button: "Sign in with <OIDC_PROVIDER_NAME>". */
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  OIDC_PROVIDER_NAME = "your LA's account";

  /** Tests only (refused unless NODE_ENV=test): the node SIGKILLs itself right after a handover step. */
  @IsOptional()
  @IsString()
  HANDOVER_FAILPOINT?: string;
}

export const NODE_SETTINGS = Symbol('NODE_SETTINGS');
