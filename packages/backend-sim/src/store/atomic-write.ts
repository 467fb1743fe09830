import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';

/**
 * Replaces `path` with `data` so that a reader (or a crash) sees either the old
 * or the new content, never a mix: write a fresh temp file beside it, fsync it,
 * rename it over `path`, fsync the directory.
 * @param mode permission bits of the new file @default 0o600
 * @throws the underlying `fs` error (the temp file is removed first)
 */
export function writeFileAtomicSync(path: string, data: string, mode = 0o600): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`;
  // 'wx': never write through a file (or symlink) someone else put at that name
  const fd = openSync(temp, 'wx', mode);
  try {
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // already renamed or never created: nothing to clean up
    }
    throw e;
  }
  syncDirectory(dirname(path));
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // some platforms refuse fsync on a directory; the rename itself is still atomic
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Removes temp files that writers of `path` left behind when they were killed
 * between creating and renaming them. Call only while holding the lock on `path`.
 * @returns how many were removed
 */
export function removeStaleTemps(path: string): number {
  const prefix = `${basename(path)}.`;
  let removed = 0;
  for (const name of readdirSync(dirname(path))) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    try {
      unlinkSync(join(dirname(path), name));
      removed += 1;
    } catch {
      // raced with another cleaner; fine
    }
  }
  return removed;
}
