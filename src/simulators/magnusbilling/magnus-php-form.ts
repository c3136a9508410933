/**
 * PHP's view of an urlencoded body, because MagnusBilling signs what PHP rebuilds, not what was sent:
 * the server parses the body into `$_POST` and recomputes `hash_hmac('sha512', http_build_query($_POST))`
 * (integrations.md §2.1). Strings here are "binary": one char per byte (latin1), as PHP strings are, so a
 * value round-trips byte for byte whatever its encoding.
 */

/** A PHP array: ordered, string keys (integer-like keys stay strings; only their order matters here). */
export class PhpArray {
  readonly entries = new Map<string, PhpValue>();
  private nextIndex = 0;

  get(key: string): PhpValue | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Like PHP assignment: an existing key keeps its position and gets the new value. */
  set(key: string, value: PhpValue): void {
    this.entries.set(key, value);
    if (/^(0|[1-9]\d{0,17})$/.test(key)) this.nextIndex = Math.max(this.nextIndex, Number(key) + 1);
  }

  /** `$a[] = $value` */
  push(value: PhpValue): void {
    this.set(String(this.nextIndex), value);
  }
}

export type PhpValue = string | PhpArray;

/**
 * `$_POST` from an `application/x-www-form-urlencoded` body (PHP's `add_post_var` and
 * `php_register_variable_ex`): pairs split on `&`, `+` and `%XX` decoded, later duplicates win in
 * place, `a[b][]` builds nested arrays, and spaces and dots in a top-level name become `_`.
 */
export function parsePhpForm(body: Buffer): PhpArray {
  const vars = new PhpArray();
  for (const pair of body.toString('latin1').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // The name is a C string to PHP: a decoded NUL ends it.
    const name = phpUrlDecode(eq === -1 ? pair : pair.slice(0, eq)).split('\0')[0];
    registerVariable(vars, name, eq === -1 ? '' : phpUrlDecode(pair.slice(eq + 1)));
  }
  return vars;
}

/** PHP `http_build_query($data, '', '&')` with its default RFC 1738 encoding; nested arrays as `a%5Bb%5D`. */
export function phpHttpBuildQuery(data: PhpArray, prefix?: string): string {
  const parts: string[] = [];
  for (const [key, value] of data.entries) {
    const name = prefix === undefined ? phpUrlEncode(key) : `${prefix}%5B${phpUrlEncode(key)}%5D`;
    if (typeof value === 'string') parts.push(`${name}=${phpUrlEncode(value)}`);
    else {
      const nested = phpHttpBuildQuery(value, name);
      if (nested !== '') parts.push(nested);
    }
  }
  return parts.join('&');
}

/** PHP `urlencode` over a binary string: only `A-Za-z0-9._-` stay, space is `+`, the rest `%XX`. */
export function phpUrlEncode(binary: string): string {
  let out = '';
  for (let i = 0; i < binary.length; i++) {
    const code = binary.charCodeAt(i);
    const char = binary[i];
    if (/[A-Za-z0-9._-]/.test(char)) out += char;
    else if (code === 0x20) out += '+';
    else out += `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** PHP `urldecode`: `+` is a space, a valid `%XX` is a byte, a malformed `%` stays as it is. */
export function phpUrlDecode(text: string): string {
  return text
    .replace(/\+/g, ' ')
    .replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** A binary (byte-per-char) PHP string read as UTF-8 text. */
export function utf8(binary: string): string {
  return Buffer.from(binary, 'latin1').toString('utf8');
}

function registerVariable(vars: PhpArray, rawName: string, value: string): void {
  const name = rawName.replace(/^ +/, '');
  const bracket = name.indexOf('[');
  const base = (bracket === -1 ? name : name.slice(0, bracket)).replace(/[ .]/g, '_');
  if (base === '') return;
  if (bracket === -1) return vars.set(base, value);

  const indexes: (string | null)[] = [];
  let at = bracket;
  while (name[at] === '[') {
    const close = name.indexOf(']', at + 1);
    if (close === -1) {
      // An unclosed first bracket is no index: PHP turns it into `_` and keeps the rest of the name.
      if (indexes.length === 0) return vars.set(`${base}_${name.slice(bracket + 1)}`, value);
      break;
    }
    indexes.push(close === at + 1 ? null : name.slice(at + 1, close));
    at = close + 1;
  }

  let target = vars;
  let key: string | null = base;
  for (const index of indexes) {
    target = childArray(target, key);
    key = index;
  }
  if (key === null) target.push(value);
  else target.set(key, value);
}

/** The array at `key` (a scalar there is replaced, as PHP does); `null` appends a new one. */
function childArray(parent: PhpArray, key: string | null): PhpArray {
  if (key === null) {
    const created = new PhpArray();
    parent.push(created);
    return created;
  }
  const existing = parent.get(key);
  if (existing instanceof PhpArray) return existing;
  const created = new PhpArray();
  parent.set(key, created);
  return created;
}
