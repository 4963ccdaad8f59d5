import { MessageLogRetention } from './retention';

describe('MessageLogRetention', () => {
  it('asks the database to purge past the retention and reports how many went', async () => {
    const calls: unknown[][] = [];
    const retention = new MessageLogRetention(
      (sql, parameters) => {
        calls.push([sql, parameters]);
        return Promise.resolve([{ purged: '3' }]);
      },
      2555,
      { info: () => undefined, warn: () => undefined },
    );
    await expect(retention.purge()).resolves.toBe(3);
    expect(calls).toEqual([['SELECT purge_federation_messages($1) AS purged', [2555]]]);
  });
});
