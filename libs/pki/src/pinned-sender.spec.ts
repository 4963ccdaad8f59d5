import { pinnedSender } from './pinned-sender';

describe('pinnedSender', () => {
  it('trusts the pinned certificate alone, as the pinned sender', async () => {
    const lookup = pinnedSender({ sender: 'hub', certificatePem: 'PEM', fingerprint: 'ab12' });
    expect(await lookup('ab12')).toEqual({ sender: 'hub', certificatePem: 'PEM' });
    expect(await lookup('cd34')).toBeUndefined();
    expect(await lookup('')).toBeUndefined();
  });
});
