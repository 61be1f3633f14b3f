import { createHash } from 'node:crypto';
import { createSessionToken, hashSessionToken, isSessionTokenShaped } from './session-token';

describe('session tokens', () => {
  it('are 32 random bytes in base64url, stored as their sha-256 hex', () => {
    const { token, tokenHash } = createSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(hashSessionToken(token)).toBe(tokenHash);
    expect(createSessionToken().token).not.toBe(token);
  });

  it('are recognised by shape before any lookup', () => {
    expect(isSessionTokenShaped(createSessionToken().token)).toBe(true);
    for (const bad of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)} `])
      expect(isSessionTokenShaped(bad)).toBe(false);
  });
});
