import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceSettings } from '@cp/config';
import { PARTY_KEY_KINDS, type PartyKeyKind } from '@cp/pki';

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

  /**
   * The kind of key this node makes at enrolment and at each renewal (docs/security.md, "Key kinds"):
   * ec-p256 (ECDSA signatures, ECDH sealing) by default; rsa-2048 only for a federation that must wait.
   * Peers accept both, so each node moves at its own renewal.
   */
  @IsIn(PARTY_KEY_KINDS, { message: `FEDERATION_KEY_KIND must be one of ${PARTY_KEY_KINDS.join(', ')}` })
  FEDERATION_KEY_KIND: PartyKeyKind = 'ec-p256';

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
