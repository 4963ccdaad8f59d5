import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in through the LA's identity provider (docs/security.md): each IdP account (issuer and subject, the
 * pair OpenID Connect promises never to reassign) is linked to one user of this node, created at its first
 * sign-in, so the audit trail names the same user id every time. No personal data: ids only.
 */
export class OidcIdentity1765300000000 implements MigrationInterface {
  name = 'OidcIdentity1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE oidc_identity (
        issuer text NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2048),
        subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
        user_id uuid NOT NULL UNIQUE REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_sign_in_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issuer, subject)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE oidc_identity');
  }
}
