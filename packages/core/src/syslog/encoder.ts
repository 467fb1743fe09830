const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * The RFC 3164 timestamp `Mmm dd hh:mm:ss` in local time, with the day of the
 * month padded by a space (`Feb  3 04:05:06`), as syslog(3) writes it.
 */
export function formatSyslogTimestamp(ms: number): string {
  const d = new Date(ms);
  const day = d.getDate();
  return `${MONTHS[d.getMonth()]} ${day < 10 ? ' ' : ''}${day} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Options of {@link SyslogEncoder}. */
export interface SyslogEncoderOptions {
  /** The tag (ident), already sanitised. */
  readonly tag: string;
  /** The pid written as `tag[pid]`. @default process.pid */
  readonly pid?: number;
  /**
   * The HOSTNAME field. Omitted for the local socket, as syslog(3) does (the
   * daemon adds its own); network transports pass the host's name.
   * @default undefined
   */
  readonly hostname?: string;
  /** Time source in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/**
 * Builds wire messages `<PRI>Mmm dd hh:mm:ss [host ]tag[pid]: msg`, the
 * RFC 3164 form syslog(3) sends. The header is cached per second and
 * priority, so encoding a line costs one buffer copy.
 */
export class SyslogEncoder {
  readonly #tail: string;
  readonly #now: () => number;
  #second = Number.NaN;
  #stamp = '';
  readonly #heads = new Map<number, Buffer>();

  constructor(options: SyslogEncoderOptions) {
    const host = options.hostname ? `${options.hostname} ` : '';
    this.#tail = `${host}${options.tag}[${options.pid ?? process.pid}]: `;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Encodes one message: the header, then `prefix`, then `body` (bytes are
   * copied as they are, so invalid UTF-8 from a workload survives unchanged).
   */
  encode(priority: number, body: Uint8Array | string, prefix?: Uint8Array): Buffer {
    const head = this.#head(priority);
    const bodyBytes = typeof body === 'string' ? Buffer.from(body) : body;
    const prefixLength = prefix?.length ?? 0;
    const out = Buffer.allocUnsafe(head.length + prefixLength + bodyBytes.length);
    head.copy(out, 0);
    if (prefix) out.set(prefix, head.length);
    out.set(bodyBytes, head.length + prefixLength);
    return out;
  }

  #head(priority: number): Buffer {
    const ms = this.#now();
    const second = Math.floor(ms / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#stamp = formatSyslogTimestamp(ms);
      this.#heads.clear();
    }
    let head = this.#heads.get(priority);
    if (!head) {
      head = Buffer.from(`<${priority}>${this.#stamp} ${this.#tail}`);
      this.#heads.set(priority, head);
    }
    return head;
  }
}
