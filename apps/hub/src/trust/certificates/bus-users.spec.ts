import { operatorSubject } from '@cp/pki';
import { busUsersOf } from './bus-users';

describe('bus users from the issuance log', () => {
  it("give LAs and the hub a user, and an operator's certificate none", () => {
    const users = busUsersOf([
      { subject: 'hub', serial: '01' },
      { subject: 'E09000033', serial: '02' },
      { subject: operatorSubject('alice'), serial: '03' },
      { subject: 'something-else', serial: '04' },
    ]);
    expect(users).toEqual([
      { serial: '01', identity: { kind: 'hub' } },
      { serial: '02', identity: { kind: 'la', laCode: 'E09000033' } },
    ]);
  });
});
