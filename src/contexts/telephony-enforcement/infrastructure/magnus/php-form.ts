/**
 * PHP's `http_build_query` (default RFC 1738 mode), for flat scalar fields. MagnusBilling checks the `Sign`
 * header against `http_build_query($_POST)` recomputed on the server (integrations.md §2.1, §9), so the body we
 * sign and send must be byte-for-byte what PHP would produce from the same fields in the same order.
 * WHATWG `URLSearchParams` differs (it leaves `*` raw, for one), which is why it is not used.
 */
export function phpHttpBuildQuery(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([name, value]) => `${phpUrlencode(name)}=${phpUrlencode(value)}`).join('&');
}

/**
 * PHP `urlencode`: every UTF-8 byte except `A-Za-z0-9._-` becomes `%XX` (uppercase hex), and space becomes
 * `+`. A lone UTF-16 surrogate is encoded as U+FFFD, as Node encodes any string to UTF-8.
 */
export function phpUrlencode(text: string): string {
  // Fast path: most values (ids, numbers, usernames) need no escaping at all.
  if (/^[A-Za-z0-9._-]*$/.test(text)) return text;
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (isUnreserved(byte)) encoded += String.fromCharCode(byte);
    else if (byte === 0x20) encoded += '+';
    else encoded += `%${HEX[byte >> 4]}${HEX[byte & 0x0f]}`;
  }
  return encoded;
}

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x2d // -
  );
}
