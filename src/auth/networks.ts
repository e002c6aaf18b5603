/**
 * The staff network allow-list (GB/T 22239 访问控制: 终端接入范围): CIDR blocks in IPv4 or IPv6,
 * matched with Node's `net.BlockList`. An IPv4 client reached over an IPv6 socket
 * (`::ffff:10.1.2.3`) is matched as its IPv4 address.
 */
import { BlockList, isIP } from 'node:net';

const parseCidr = (text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null => {
  const [address, prefixText, ...rest] = text.trim().split('/');
  if (address === undefined || rest.length > 0) return null;
  const version = isIP(address);
  if (version === 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
};

/** Whether `text` is an address or a CIDR block (`10.0.0.0/8`, `2001:db8::/32`). */
export const isCidr = (text: string): boolean => parseCidr(text) !== null;

const unmapped = (address: string): string => {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
};

/** Whether `address` lies in one of `networks`; true when the list is empty (no restriction). */
export const addressAllowed = (networks: readonly string[], address: string | null | undefined): boolean => {
  if (networks.length === 0) return true;
  if (!address) return false;
  const client = unmapped(address);
  const family = isIP(client);
  if (family === 0) return false;
  const list = new BlockList();
  for (const network of networks) {
    const cidr = parseCidr(network);
    if (cidr !== null) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list.check(client, family === 4 ? 'ipv4' : 'ipv6');
};
