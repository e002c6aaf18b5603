/**
 * Whether a line is an IPv4 or IPv6 address or CIDR block, checked in the browser as the server
 * checks it (src/auth/networks.ts, which uses Node's `net`): IPv4 by its four octets, IPv6 by the
 * browser's own URL parser.
 */
const isIPv4 = (text: string): boolean => {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
};

const isIPv6 = (text: string): boolean => {
  if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
};

export const isCidr = (line: string): boolean => {
  const [address, prefix, ...rest] = line.trim().split('/');
  if (address === undefined || rest.length > 0) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  if (max === 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max);
};

/** The non-empty lines of a text area. */
export const linesOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
