import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Where an outgoing call (a service node's webhook) may go. Only public unicast addresses, unless
 * the host is on the operator's allow-list: never loopback, private (RFC 1918, CGNAT, IPv6 ULA),
 * link-local, cloud metadata, multicast, unspecified or reserved ranges — also when hidden inside
 * IPv6 (IPv4-mapped, IPv4-compatible, NAT64, 6to4). Names are resolved at delivery time, every
 * resolved address is checked, and the call is pinned to the checked address (no second lookup
 * for a rebinding DNS server to answer differently).
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

type Range = [prefix: number[], bits: number, cls: AddressClass];

/** Cloud metadata services: AWS/GCP/Azure/OpenStack, AWS ECS, Alibaba Cloud, AWS over IPv6. */
const METADATA_V4 = ['169.254.169.254', '169.254.170.2', '100.100.100.200'];
const METADATA_V6 = 'fd00:ec2::254';

const V4_RANGES: Range[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'private'], // carrier-grade NAT (shared address space)
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link-local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'], // IETF protocol assignments
  [[192, 0, 2], 24, 'reserved'], // TEST-NET-1
  [[192, 88, 99], 24, 'reserved'], // 6to4 relay anycast
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'], // benchmarking
  [[198, 51, 100], 24, 'reserved'], // TEST-NET-2
  [[203, 0, 113], 24, 'reserved'], // TEST-NET-3
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'], // includes 255.255.255.255
];

function inRange(bytes: number[], prefix: number[], bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const byte = Math.floor(i / 8);
    const mask = 0x80 >> (i % 8);
    if (((bytes[byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.map(Number);
}

/** 16 bytes of an IPv6 address (`::` compression, a trailing dotted quad and a `%zone` allowed). */
export function parseV6(input: string): number[] | null {
  let s = input.toLowerCase().replace(/^\[|\]$/g, '');
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  const bytes = groups.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 0xff]; });
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function classifyV4Bytes(b: number[]): AddressClass {
  if (METADATA_V4.includes(b.join('.'))) return 'metadata';
  for (const [prefix, bits, cls] of V4_RANGES) if (inRange(b, prefix, bits)) return cls;
  return 'public';
}

function classifyV6Bytes(b: number[]): AddressClass {
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zeros(0, 16)) return 'unspecified';
  if (zeros(0, 15) && b[15] === 1) return 'loopback';
  const embedded = b.slice(12, 16);
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return classifyV4Bytes(embedded); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return classifyV4Bytes(embedded); // ::a.b.c.d (IPv4-compatible, deprecated)
  if (inRange(b, [0x00, 0x64, 0xff, 0x9b], 96)) return classifyV4Bytes(embedded); // NAT64 64:ff9b::/96
  if (inRange(b, [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01], 48)) return 'private'; // local-use NAT64
  if (inRange(b, [0x20, 0x02], 16)) return classifyV4Bytes(b.slice(2, 6)); // 6to4 2002:a.b.c.d::/48
  if (b.join(',') === parseV6(METADATA_V6)!.join(',')) return 'metadata';
  if (inRange(b, [0xfc], 7)) return 'private'; // unique local
  if (inRange(b, [0xfe, 0x80], 10)) return 'link-local';
  if (inRange(b, [0xfe, 0xc0], 10)) return 'private'; // site-local (deprecated)
  if (inRange(b, [0xff], 8)) return 'multicast';
  if (inRange(b, [0x20, 0x01, 0x0d, 0xb8], 32)) return 'reserved'; // documentation
  if (inRange(b, [0x20, 0x01, 0x00, 0x00], 32)) return 'reserved'; // Teredo (hides an IPv4 address)
  if (inRange(b, [0x01, 0x00], 64)) return 'reserved'; // discard-only
  return 'public';
}

/** The class of an IP address literal (v4 or v6); anything that is not an address is 'reserved'. */
export function classifyAddress(address: string): AddressClass {
  const v4 = parseV4(address);
  if (v4) return classifyV4Bytes(v4);
  const v6 = address.includes(':') ? parseV6(address) : null;
  return v6 ? classifyV6Bytes(v6) : 'reserved';
}

export interface UrlPolicy {
  /** Host names or addresses (optionally `host:port`; IPv6 as `[::1]`) allowed whatever they resolve to. */
  allowHosts: readonly string[];
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

export class UrlRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UrlRefusedError';
  }
}

export interface CheckedTarget {
  url: URL;
  /** The address to connect to (already checked), and its family. */
  address: string;
  family: 4 | 6;
  allowListed: boolean;
}

function isAllowListed(url: URL, policy: UrlPolicy): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return policy.allowHosts.some((entry) => entry === host || entry === `${host}:${port}`);
}

/**
 * Checks a URL before a call: http(s) only, then every address its host resolves to. Throws
 * UrlRefusedError for a target that must never be called (no retry can help); a failed DNS lookup
 * is thrown as is (it may succeed later).
 */
export async function checkOutgoingUrl(raw: string, policy: UrlPolicy, resolve: Resolver = systemResolver): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UrlRefusedError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UrlRefusedError(`scheme ${url.protocol} is not allowed`);
  const allowListed = isAllowListed(url, policy);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  if (addresses.length === 0) throw new Error(`${host} did not resolve`);
  if (!allowListed) {
    for (const a of addresses) {
      const cls = classifyAddress(a.address);
      if (cls !== 'public') throw new UrlRefusedError(`${host} resolves to ${a.address} (${cls})`);
    }
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4, allowListed };
}
