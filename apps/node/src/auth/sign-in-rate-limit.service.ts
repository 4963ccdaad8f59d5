import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { NODE_SETTINGS, type NodeSettings } from '../config/node-settings';

export type RateLimitVerdict = { allowed: true } | { allowed: false; by: 'ip' | 'username' };

/**
 * Counts sign-in attempts per IP address and per username over the last minute, in the database, so the
 * limit holds across restarts and across several node processes. Usernames are stored only as hashes.
 */
@Injectable()
export class SignInRateLimitService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(NODE_SETTINGS) private readonly settings: NodeSettings,
  ) {}

  async admit(ip: string, username: string): Promise<RateLimitVerdict> {
    const usernameHash = createHash('sha256').update(username.toLowerCase()).digest('hex');
    const rows: { by_ip: string; by_username: string }[] = await this.dataSource.query(
      `WITH attempt AS (
         INSERT INTO sign_in_attempt (ip, username_hash) VALUES ($1, $2) RETURNING 1
       ), expired AS (
         DELETE FROM sign_in_attempt WHERE attempted_at < now() - interval '1 hour' RETURNING 1
       )
       SELECT
         (SELECT count(*) FROM sign_in_attempt WHERE ip = $1 AND attempted_at > now() - interval '1 minute') AS by_ip,
         (SELECT count(*) FROM sign_in_attempt WHERE username_hash = $2 AND attempted_at > now() - interval '1 minute') AS by_username`,
      [ip, usernameHash],
    );
    // The CTE's insert is not visible to the counts of the same statement: add this attempt.
    const byIp = Number(rows[0].by_ip) + 1;
    const byUsername = Number(rows[0].by_username) + 1;
    if (byIp > this.settings.SIGN_IN_RATE_LIMIT_PER_IP) return { allowed: false, by: 'ip' };
    if (byUsername > this.settings.SIGN_IN_RATE_LIMIT_PER_USERNAME) return { allowed: false, by: 'username' };
    return { allowed: true };
  }
}
