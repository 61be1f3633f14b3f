import crypto from 'node:crypto';
import { hashPassword, verifyPassword } from './password';

describe('password hashes', () => {
  it('are self-describing scrypt strings (N = 2^15, r = 8, p = 1) with a random 16-byte salt', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split('$')[3]!, 'base64')).toHaveLength(16);
  });

  it('verify the right password only', async () => {
    const stored = await hashPassword('correct horse battery');
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('treat a password typed in another Unicode normal form as the same', async () => {
    const stored = await hashPassword('caf\u00e9-pass-word');
    await expect(verifyPassword('cafe\u0301-pass-word', stored)).resolves.toBe(true);
  });

  it('answer false for an unknown user, after paying one scrypt of the same cost', async () => {
    const spy = jest.spyOn(crypto, 'scrypt');
    try {
      await expect(verifyPassword('correct horse battery', null)).resolves.toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]![3]).toMatchObject({ N: 2 ** 15, r: 8, p: 1 });
    } finally {
      spy.mockRestore();
    }
  });

  it('answer false for malformed or out-of-bounds stored hashes', async () => {
    const stored = await hashPassword('correct horse battery');
    for (const bad of [
      '',
      'plain-text-password',
      stored.replace('ln=15', 'ln=30'),
      stored.replace('$scrypt$', '$argon2id$'),
      stored.slice(0, -10),
    ])
      await expect(verifyPassword('correct horse battery', bad)).resolves.toBe(false);
  });

  it('read the cost from the stored hash', async () => {
    const stored = await hashPassword('correct horse battery');
    // Same salt, same key, other cost: the key no longer matches, so the cost really is read from the string.
    await expect(verifyPassword('correct horse battery', stored.replace('ln=15', 'ln=14'))).resolves.toBe(
      false,
    );
  });
});
