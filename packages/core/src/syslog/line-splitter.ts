/** Longest piece of a line that goes into one syslog message, as upstream splits. */
export const SYSLOG_LINE_MAX_BYTES = 510;

const NEWLINE = 0x0a;

/**
 * Where to cut `bytes` so that the first piece holds at most `max` bytes,
 * moving back to the start of a UTF-8 sequence when the cut would land inside
 * one (invalid UTF-8 is cut at `max` exactly).
 */
function cutPoint(bytes: Uint8Array, max: number): number {
  for (let at = max; at > max - 4 && at > 0; at--) {
    if (((bytes[at] ?? 0) & 0xc0) !== 0x80) return at;
  }
  return max;
}

/**
 * Turns a byte stream into lines: each complete line (without its `\n`) is
 * passed to `onLine`; lines longer than `maxBytes` are passed in pieces of at
 * most `maxBytes` (never splitting a UTF-8 character); {@link LineSplitter.end}
 * flushes a final partial line. Memory stays bounded by `maxBytes` however
 * long a line grows, because full pieces are passed on as soon as they exist.
 */
export class LineSplitter {
  readonly #onLine: (line: Buffer) => void;
  readonly #maxBytes: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /**
   * @param onLine receives each line or piece; the buffer may share memory
   *   with the pushed chunk, so copy it if you keep it
   * @param maxBytes the longest piece @default 510
   */
  constructor(onLine: (line: Buffer) => void, maxBytes = SYSLOG_LINE_MAX_BYTES) {
    this.#onLine = onLine;
    this.#maxBytes = maxBytes;
  }

  /** Feeds the next chunk of the stream. */
  push(chunk: Buffer): void {
    let from = 0;
    for (let nl = chunk.indexOf(NEWLINE, from); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
      const tail = chunk.subarray(from, nl);
      this.#emitLine(this.#pendingBytes === 0 ? tail : this.#takePending(tail));
      from = nl + 1;
    }
    if (from < chunk.length) {
      this.#pending.push(chunk.subarray(from));
      this.#pendingBytes += chunk.length - from;
      if (this.#pendingBytes > this.#maxBytes) this.#emitFullPieces();
    }
  }

  /** Flushes a final line that had no `\n`. */
  end(): void {
    if (this.#pendingBytes > 0) this.#emitLine(this.#takePending());
  }

  #takePending(tail?: Buffer): Buffer {
    if (tail) this.#pending.push(tail);
    const line = this.#pending.length === 1 ? this.#pending[0]! : Buffer.concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    return line;
  }

  #emitLine(line: Buffer): void {
    let rest = line;
    while (rest.length > this.#maxBytes) {
      const at = cutPoint(rest, this.#maxBytes);
      this.#onLine(rest.subarray(0, at));
      rest = rest.subarray(at);
    }
    this.#onLine(rest);
  }

  // Only strictly longer pending data is cut, so a line of exactly maxBytes
  // followed by its newline is still one message, not a piece plus an empty line.
  #emitFullPieces(): void {
    let rest = this.#takePending();
    while (rest.length > this.#maxBytes) {
      const at = cutPoint(rest, this.#maxBytes);
      this.#onLine(rest.subarray(0, at));
      rest = rest.subarray(at);
    }
    this.#pending = [Buffer.from(rest)];
    this.#pendingBytes = rest.length;
  }
}
