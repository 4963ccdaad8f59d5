import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceSettings } from '@cp/config';

/**
 * The node's federation settings. All optional: without FEDERATION_DIR and NATS_URL the node boots for
 * local use and says federation is off. NodeSettings extends this class.
 */
export abstract class FederationSettings extends ServiceSettings {
  /** Key (0600), certificate, CA and hub certificates of this node. */
  @IsOptional()
  @IsString()
  FEDERATION_DIR?: string;

  /** Federation bus: tls://host:port only. */
  @IsOptional()
  @Matches(/^tls:\/\/[^\s/]+:\d+$/, { message: 'NATS_URL must be tls://host:port (no plaintext links)' })
  NATS_URL?: string;

  /** The hub's HTTPS address, for enrolment and the issuance log. */
  @IsOptional()
  @Matches(/^https:\/\/[^\s]+$/, { message: 'HUB_URL must be https:// (no plaintext links)' })
  HUB_URL?: string;

  /** Renew the certificate when fewer than this many days remain. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(80)
  FEDERATION_RENEW_BEFORE_DAYS = 20;

  /** How often the node checks its certificate's remaining lifetime. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86_400)
  FEDERATION_CHECK_SECONDS = 3600;
}
