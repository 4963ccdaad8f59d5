import { isLaCode, type NatsCertificateUser } from '@cp/pki';

/**
 * The nats-server user of one issuance-log row: an LA's certificate (subject = its code) or the hub's
 * (subject 'hub'). Any other subject (an operator's certificate) gets no bus user at all.
 */
export function busUserOf(row: { subject: string; serial: string }): NatsCertificateUser | undefined {
  if (isLaCode(row.subject)) return { serial: row.serial, identity: { kind: 'la', laCode: row.subject } };
  if (row.subject === 'hub') return { serial: row.serial, identity: { kind: 'hub' } };
  return undefined;
}

export function busUsersOf(rows: { subject: string; serial: string }[]): NatsCertificateUser[] {
  return rows.flatMap((row) => {
    const user = busUserOf(row);
    return user ? [user] : [];
  });
}
