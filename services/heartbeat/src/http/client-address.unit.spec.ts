import type { IncomingMessage } from 'node:http';
import { HeartbeatEnv } from '../config';
import { addressKey, clientAddressResolver, compileTrust } from './client-address';

const req = (remoteAddress: string, xff?: string) =>
  ({
    socket: { remoteAddress },
    headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
  }) as unknown as IncomingMessage;

describe('clientAddressResolver (express trust proxy semantics)', () => {
  it('without TRUST_PROXY: the socket address, whatever X-Forwarded-For says', () => {
    const address = clientAddressResolver(false);
    expect(address(req('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
    expect(clientAddressResolver(0)(req('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
  });

  it('a hop count trusts that many proxies from the socket', () => {
    expect(clientAddressResolver(1)(req('10.0.0.1', '6.6.6.6, 1.2.3.4'))).toBe('1.2.3.4');
    expect(clientAddressResolver(2)(req('10.0.0.1', '6.6.6.6, 1.2.3.4'))).toBe('6.6.6.6');
    expect(clientAddressResolver(1)(req('10.0.0.1'))).toBe('10.0.0.1');
  });

  it('true trusts every hop: the leftmost address', () => {
    expect(clientAddressResolver(true)(req('10.0.0.1', ' 6.6.6.6 , 1.2.3.4'))).toBe('6.6.6.6');
  });

  it('a list trusts those addresses and subnets only, IPv4-mapped sockets included', () => {
    const address = clientAddressResolver('loopback, 10.0.0.0/8');
    expect(address(req('::ffff:127.0.0.1', '6.6.6.6, 1.2.3.4, 10.9.9.9'))).toBe('1.2.3.4');
    expect(address(req('192.168.1.1', '1.2.3.4'))).toBe('192.168.1.1');
    expect(address(req('::1', 'fe80::1'))).toBe('fe80::1');
    expect(clientAddressResolver('uniquelocal')(req('fd00::5', '2001:db8::1'))).toBe('2001:db8::1');
  });

  it('matches IPv4 subnets at their edges', () => {
    const trust = compileTrust('uniquelocal, 203.0.113.7, 0.0.0.0/0');
    const local = compileTrust('uniquelocal');
    expect(['172.16.0.0', '172.31.255.255', '10.255.255.255', '192.168.0.1'].map((a) => local(a, 0))).toEqual(
      [true, true, true, true],
    );
    expect(
      ['172.32.0.0', '172.15.255.255', '11.0.0.0', '192.169.0.1', '1.2.3'].map((a) => local(a, 0)),
    ).toEqual([false, false, false, false, false]);
    expect(trust('8.8.8.8', 0)).toBe(true);
    expect(compileTrust('203.0.113.7')('203.0.113.8', 0)).toBe(false);
  });

  it('refuses a TRUST_PROXY entry that is no address or subnet', () => {
    expect(() => compileTrust('loopbak')).toThrow(/loopbak/);
    expect(() => compileTrust('10.0.0.0/33')).toThrow(/10\.0\.0\.0\/33/);
    expect(() => compileTrust('10.0.0.1, ::1/64, linklocal')).not.toThrow();
  });

  it('reads TRUST_PROXY as the query service does, and refuses a bad one at start', () => {
    const parse = (TRUST_PROXY?: string) =>
      HeartbeatEnv.safeParse({ DATABASE_URL: 'postgres://x', ADMIN_TOKEN: 'a'.repeat(16), TRUST_PROXY });
    expect([undefined, '', 'false', 'true', '2', 'loopback'].map((v) => parse(v).data?.TRUST_PROXY)).toEqual([
      false,
      false,
      false,
      true,
      2,
      'loopback',
    ]);
    expect(parse('nonsense').error?.issues[0]?.message).toMatch(/TRUST_PROXY: "nonsense"/);
  });
});

describe('addressKey', () => {
  it('keys IPv4 by address, IPv6 by /56, anything else cut short', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2ff:5::1')).toBe('2001:db8:1:200::/56');
    expect(addressKey('2001:db8:1:20a::9')).toBe(addressKey('2001:0db8:0001:02ff:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:300::1')).not.toBe(addressKey('2001:db8:1:200::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/56');
    expect(addressKey('2001:db8::')).toBe('2001:db8:0:0::/56');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/56');
    expect(addressKey('x'.repeat(1000))).toHaveLength(64);
    expect(addressKey(':'.repeat(1000))).toHaveLength(65);
  });
});
