import type { Readable } from 'node:stream';
import { LineSplitter } from '../syslog/line-splitter.js';

/**
 * Reads `stream` to its end, passing each line (or 510-byte piece) to
 * `onLine` and the final partial line at EOF. It never pauses the stream, so
 * a writer is never blocked by what `onLine` does with the lines.
 * @returns a promise that settles when the stream ended, closed or failed
 * @internal
 */
export function readLines(stream: Readable | null, onLine: (line: Buffer) => void): Promise<void> {
  if (!stream) return Promise.resolve();
  const splitter = new LineSplitter(onLine);
  return new Promise((resolve) => {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      splitter.end();
      resolve();
    };
    stream.on('data', (chunk: Buffer | string) =>
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
}

/** Upstream's exit classification, as logged at WARNING. @internal */
export function describeExit(exit: { code: number | null; signal: number | null }): string {
  if (exit.code !== null) return `supervised command exited status=${exit.code}`;
  if (exit.signal !== null) return `supervised command killed by signal=${exit.signal}`;
  return 'supervised command ended unexpectedly';
}
