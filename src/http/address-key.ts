/**
 * The key a client address is rate-limited by: an IPv4 address as it is (IPv4-mapped IPv6 too), an
 * IPv6 address by its /64 prefix, since one customer line gets a whole /64 and could otherwise
 * spread its requests over as many addresses as it likes (as @fastify/rate-limit keyed them).
 */
export function addressKey(ip: string): string {
  if (!ip.includes(':')) return ip;
  const address = ip.toLowerCase().split('%')[0]!;
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice('::ffff:'.length);
  const [head = '', tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  // A trailing dotted quad stands for two groups.
  const backGroups = back.length + (back.at(-1)?.includes('.') ? 1 : 0);
  const groups =
    tail === undefined
      ? front
      : [...front, ...Array<string>(8 - front.length - backGroups).fill('0'), ...back];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
