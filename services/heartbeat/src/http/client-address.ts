import type { IncomingMessage } from 'node:http';
import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';

/** Express's `trust proxy` values, as TRUST_PROXY gives them (see config.ts). */
export type TrustProxy = boolean | number | string;

type Trust = (address: string, hop: number) => boolean;

const NAMED: Record<string, readonly string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** `::ffff:10.1.2.3` (an IPv4 client on a dual-stack socket) as `10.1.2.3`; anything else as given. */
const unmapped = (address: string) =>
  address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;

/**
 * The trust rule of a TRUST_PROXY value, with express's semantics (proxy-addr): true trusts every hop, a number
 * that many hops from the socket, a string the listed addresses and subnets (`loopback`, `linklocal`,
 * `uniquelocal`, `10.0.0.0/8`, `::1`, comma-separated). Throws on an entry that is none of those.
 */
export function compileTrust(value: TrustProxy): Trust {
  if (typeof value === 'boolean') return () => value;
  if (typeof value === 'number') return (_address, hop) => hop < value;
  const v4: [number, number][] = [];
  const v6 = new BlockList();
  for (const entry of value.split(',').map((e) => e.trim())) {
    for (const subnet of NAMED[entry] ?? [entry]) {
      const [address = '', prefix] = subnet.split('/');
      const family = isIP(address);
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      if (family === 0 || !Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128))
        throw new Error(
          `TRUST_PROXY: "${entry}" is not an address, a subnet or loopback/linklocal/uniquelocal`,
        );
      if (family === 4) {
        const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
        v4.push([(ipv4Number(address)! & mask) >>> 0, mask]);
      } else v6.addSubnet(address, bits, 'ipv6');
    }
  }
  // IPv4 by arithmetic: BlockList.check costs microseconds a call, and it runs for each hop of each request.
  return (address) => {
    const a = unmapped(address);
    const n = ipv4Number(a);
    if (n !== undefined) return v4.some(([net, mask]) => (n & mask) >>> 0 === net);
    return isIPv6(a) && v6.check(a, 'ipv6');
  };
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number; undefined when it is not one. */
function ipv4Number(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

/**
 * The client address of a request: the socket's peer, or, when TRUST_PROXY trusts it, the X-Forwarded-For hop
 * before the first untrusted one (counted from the socket), as express's req.ip does with `trust proxy`.
 * Without TRUST_PROXY the header is ignored: a client cannot choose its address by sending one.
 */
export function clientAddressResolver(trustProxy: TrustProxy): (req: IncomingMessage) => string {
  const socketAddress = (req: IncomingMessage) => req.socket.remoteAddress ?? '';
  if (trustProxy === false || trustProxy === 0) return socketAddress;
  const trust = compileTrust(trustProxy);
  return (req) => {
    let address = socketAddress(req);
    const header = req.headers['x-forwarded-for'];
    if (typeof header !== 'string' || header === '') return address;
    const hops = header.split(',');
    for (let hop = 0; hop < hops.length; hop++) {
      if (!trust(address, hop)) return address;
      address = hops[hops.length - 1 - hop]!.trim();
    }
    return address;
  };
}

/**
 * The rate-limit key of a client address: IPv4 as is, IPv6 by its /56 (one subscriber's usual assignment, as
 * the query service's sign-in limiter counts), anything else (a trusted proxy's odd header) cut to 64 chars.
 * Cheap for IPv4: it runs on every request.
 */
export function addressKey(address: string): string {
  // The socket's peer is always a valid address: only what has a colon needs a closer look (and the
  // X-Forwarded-For of a trusted proxy can be anything, hence the cut).
  if (!address.includes(':')) return address.length <= 64 ? address : address.slice(0, 64);
  const a = unmapped(address);
  if (a !== address) return a;
  return isIPv6(a) ? ipv6Prefix56(a) : `?${a.slice(0, 64)}`;
}

function ipv6Prefix56(address: string): string {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const front = head === '' ? [] : head.split(':');
  const back = tail === undefined || tail === '' ? [] : tail.split(':');
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) takes two groups.
  const groups = front.length + back.length + (back.at(-1)?.includes('.') ? 1 : 0);
  const all = [...front, ...Array<string>(tail === undefined ? 0 : 8 - groups).fill('0'), ...back];
  const g = all.slice(0, 4).map((x) => parseInt(x, 16) || 0);
  return `${g[0]!.toString(16)}:${g[1]!.toString(16)}:${g[2]!.toString(16)}:${(g[3]! & 0xff00).toString(16)}::/56`;
}
