/**
 * Writes JSON straight into a growing byte buffer. A 10k-row `fn_areceber` page is ~10 MB; building it
 * from strings (objects + JSON.stringify, or concatenation) spent most of its time in the garbage
 * collector, while typed columns can print their digits here without allocating at all.
 */
export class JsonWriter {
  private buffer: Buffer;
  private pos = 0;

  constructor(initialBytes = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.pos);
  }

  byte(value: number): void {
    this.ensure(1);
    this.buffer[this.pos++] = value;
  }

  /** Bytes prepared once (object keys, dictionary values). */
  bytes(value: Uint8Array): void {
    this.ensure(value.length);
    const buffer = this.buffer;
    let pos = this.pos;
    // Short copies are faster by hand than through Buffer.copy's native call.
    for (let i = 0; i < value.length; i++) buffer[pos++] = value[i];
    this.pos = pos;
  }

  /** A JSON string literal, quotes included; plain ASCII goes byte by byte, anything else via JSON.stringify. */
  string(value: string): void {
    this.ensure(value.length + 2);
    const buffer = this.buffer;
    let pos = this.pos;
    buffer[pos++] = QUOTE;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code < 0x20 || code >= 0x7f || code === QUOTE || code === BACKSLASH) return this.slowString(value);
      buffer[pos++] = code;
    }
    buffer[pos++] = QUOTE;
    this.pos = pos;
  }

  /** A non-negative integer's digits, zero-padded to `width` (no quotes). */
  digits(value: number, width = 1): void {
    this.ensure(24);
    let length = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) length++;
    for (let pad = width - length; pad > 0; pad--) this.buffer[this.pos++] = ZERO;
    let end = this.pos + length;
    this.pos = end;
    let rest = value;
    do {
      this.buffer[--end] = ZERO + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
  }

  private slowString(value: string): void {
    const json = JSON.stringify(value);
    this.ensure(json.length * 3);
    this.pos += this.buffer.write(json, this.pos, 'utf8');
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.pos + extra));
    this.buffer.copy(next, 0, 0, this.pos);
    this.buffer = next;
  }
}

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const ZERO = 0x30;

/** The UTF-8 bytes of a JSON literal for a string, for values printed over and over. */
export function jsonBytes(value: string): Uint8Array {
  return Buffer.from(JSON.stringify(value), 'utf8');
}
