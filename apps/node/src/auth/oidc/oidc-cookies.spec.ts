import { FLOW_COOKIE, HANDOFF_COOKIE, OidcCookies, readCookie } from './oidc-cookies';

const secret = 'a-test-secret-of-at-least-thirty-two-chars';

function valueOf(setCookie: string): string {
  return setCookie.slice(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
}

describe('OIDC cookies', () => {
  const cookies = new OidcCookies(secret, true);

  it('seals the flow so that only the node can open it, HttpOnly, SameSite=Lax and Secure', async () => {
    const set = await cookies.sealFlow({ state: 's1', nonce: 'n1', codeVerifier: 'v1' });
    expect(set).toMatch(
      /^cp_oidc_flow=.+; Path=\/api\/v1\/auth\/oidc; Max-Age=600; HttpOnly; SameSite=Lax; Secure$/,
    );
    expect(set).not.toContain('s1');
    const header = `other=1; ${FLOW_COOKIE}=${valueOf(set)}`;
    expect(await cookies.openFlow(header)).toEqual({ state: 's1', nonce: 'n1', codeVerifier: 'v1' });
    expect(await new OidcCookies(`${secret}-other`, true).openFlow(header)).toBeNull();
  });

  it('does not take a handoff for a flow, nor a tampered cookie', async () => {
    const handoff = valueOf(
      await cookies.sealHandoff({ accessToken: 't', expiresAt: '2030-01-01T00:00:00Z' }),
    );
    expect(await cookies.openFlow(`${FLOW_COOKIE}=${handoff}`)).toBeNull();
    expect(await cookies.openHandoff(`${HANDOFF_COOKIE}=${handoff}`)).toEqual({
      accessToken: 't',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    const tampered = `${handoff.slice(0, -2)}${handoff.endsWith('A') ? 'B' : 'A'}A`;
    expect(await cookies.openHandoff(`${HANDOFF_COOKIE}=${tampered}`)).toBeNull();
  });

  it('reads one cookie from a header', () => {
    expect(readCookie('a=1; b=2', 'b')).toBe('2');
    expect(readCookie('a=1', 'b')).toBeNull();
    expect(readCookie(undefined, 'a')).toBeNull();
  });
});
