import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { JailError } from '../errors/jail-error.js';
import type { JailId } from '../jails/jail-spec.js';
import { identifyProcess, isSameProcess, type ProcessIdentity } from './process-identity.js';

/**
 * What a running supervisor records about itself in its state directory, so
 * another process can find and stop it (`<stateDir>/supervise-jid-<id>.json`).
 */
export interface SupervisorRecord extends ProcessIdentity {
  readonly version: 1;
  /** The supervisor's process title, checked against its command line before any signal. */
  readonly title: string;
  readonly jailId: JailId;
  readonly jailName: string;
  /** The current workload (leader of its own process group), while one runs. */
  readonly workload?: ProcessIdentity | undefined;
}

/** A record this process owns. */
export interface SupervisorRecordHandle {
  readonly record: SupervisorRecord;
  /** Records the current workload (or none). */
  setWorkload(workload: ProcessIdentity | undefined): Promise<void>;
  /** Removes the record if it is still ours. Idempotent. */
  release(): Promise<void>;
}

/** The record file of jail `jailId` under `stateDir`. */
export function supervisorRecordPath(stateDir: string, jailId: JailId): string {
  return join(stateDir, `supervise-jid-${jailId}.json`);
}

function isRecord(value: unknown): value is SupervisorRecord {
  const r = value as Partial<SupervisorRecord> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.version === 1 &&
    Number.isInteger(r.pid) &&
    typeof r.startTime === 'string' &&
    typeof r.title === 'string' &&
    Number.isInteger(r.jailId) &&
    typeof r.jailName === 'string'
  );
}

/**
 * Reads the record of jail `jailId` as written, live or stale.
 * @returns `undefined` when there is none or it is unreadable
 */
export async function readSupervisorRecord(
  stateDir: string,
  jailId: JailId,
): Promise<SupervisorRecord | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(supervisorRecordPath(stateDir, jailId), 'utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process a record names is still that supervisor (pid, start time and title all match). */
export function isRecordLive(record: SupervisorRecord): Promise<boolean> {
  return isSameProcess(record, record.title);
}

async function writeAtomically(path: string, record: SupervisorRecord): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  await rename(tmp, path);
}

/**
 * Runs `fn` holding the record's lock (a short critical section; proper-lockfile
 * mkdir lock, so it works across processes and on any local filesystem).
 * @internal
 */
export async function withRecordLock<T>(stateDir: string, jailId: JailId, fn: () => Promise<T>): Promise<T> {
  await mkdir(stateDir, { recursive: true });
  const path = supervisorRecordPath(stateDir, jailId);
  const release = await lockfile.lock(path, {
    realpath: false,
    lockfilePath: `${path}.lock`,
    retries: { retries: 50, minTimeout: 10, maxTimeout: 100 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}

/**
 * Claims the record of a jail for this process (one supervisor per jail and
 * state directory). A record whose process is gone, or is another program
 * with a recycled pid, is stale and replaced.
 * @throws {JailError} `BUSY` when a live supervisor already holds it
 */
export async function claimSupervisorRecord(
  stateDir: string,
  subject: { jailId: JailId; jailName: string; title: string },
): Promise<SupervisorRecordHandle> {
  const path = supervisorRecordPath(stateDir, subject.jailId);
  const self = await identifyProcess(process.pid);
  if (!self) throw new JailError('BACKEND_FAILED', 'supervise: cannot read this process start time');
  let record: SupervisorRecord = { version: 1, ...self, ...subject };
  await withRecordLock(stateDir, subject.jailId, async () => {
    const existing = await readSupervisorRecord(stateDir, subject.jailId);
    if (existing && existing.pid !== process.pid && (await isRecordLive(existing))) {
      throw new JailError(
        'BUSY',
        `jail ${existing.jailName} (jid ${existing.jailId}) is already supervised by pid ${existing.pid}`,
        {
          errno: 'EBUSY',
          operation: 'supervise',
        },
      );
    }
    await writeAtomically(path, record);
  });
  let released = false;
  const ours = async () => {
    const current = await readSupervisorRecord(stateDir, subject.jailId);
    return current?.pid === record.pid && current.startTime === record.startTime;
  };
  return {
    get record() {
      return record;
    },
    async setWorkload(workload) {
      if (released) return;
      record = { ...record, workload };
      await withRecordLock(stateDir, subject.jailId, async () => {
        if (await ours()) await writeAtomically(path, record);
      });
    },
    async release() {
      if (released) return;
      released = true;
      await withRecordLock(stateDir, subject.jailId, async () => {
        if (await ours()) await unlink(path).catch(() => {});
      });
    },
  };
}
