import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { JailError } from '../errors/jail-error.js';
import type { JailId } from '../jails/jail-spec.js';
import { identifyProcess, isSameProcess, type ProcessIdentity } from './process-identity.js';

/**
 * What a running supervisor records about itself in its state directory, so
 * another process can find and stop it.
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
  /** The record as last written. */
  readonly record: SupervisorRecord;
  /** The file it lives in. */
  readonly path: string;
  /** Records the current workload (or none). */
  setWorkload(workload: ProcessIdentity | undefined): Promise<void>;
  /** Removes the record. Idempotent. */
  release(): Promise<void>;
}

// One file per supervisor *process*, named after its identity:
// `supervise-jid-<id>.<pid>-<start time>.json`. Only the owner writes its file,
// and anyone may delete a file once its owner is proven dead (pid + start time
// no longer match); since the name includes the start time, a deleted file can
// never be a newer process's record that reuses the pid. This needs no lock
// (and no lock library resident in every daemon).
const prefixOf = (jailId: JailId) => `supervise-jid-${jailId}.`;
const fileOf = (r: ProcessIdentity & { jailId: JailId }) =>
  `${prefixOf(r.jailId)}${r.pid}-${r.startTime.replace(/[^A-Za-z0-9]+/g, '_')}.json`;

/** The file of a supervisor's record: `<stateDir>/supervise-jid-<id>.<pid>-<start time>.json`. */
export function supervisorRecordPath(stateDir: string, record: ProcessIdentity & { jailId: JailId }): string {
  return join(stateDir, fileOf(record));
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

/** Every record of jail `jailId` under `stateDir`, live or stale, with its file. */
export async function readSupervisorRecords(
  stateDir: string,
  jailId: JailId,
): Promise<{ path: string; record: SupervisorRecord }[]> {
  let names: string[];
  try {
    names = (await readdir(stateDir)).filter((n) => n.startsWith(prefixOf(jailId)) && n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: { path: string; record: SupervisorRecord }[] = [];
  for (const name of names) {
    const path = join(stateDir, name);
    try {
      const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (isRecord(parsed) && parsed.jailId === jailId && fileOf(parsed) === name)
        found.push({ path, record: parsed });
    } catch {
      // vanished or half-written by a crashed writer: not a record
    }
  }
  return found;
}

/** Whether the process a record names is still that supervisor (pid, start time and title all match). */
export function isRecordLive(record: SupervisorRecord): Promise<boolean> {
  return isSameProcess(record, record.title);
}

/**
 * Deletes the records of jail `jailId` whose supervisor is gone.
 * @returns the live records that remain
 */
export async function pruneSupervisorRecords(stateDir: string, jailId: JailId): Promise<SupervisorRecord[]> {
  const live: SupervisorRecord[] = [];
  for (const { path, record } of await readSupervisorRecords(stateDir, jailId)) {
    if (await isRecordLive(record)) live.push(record);
    else if (!(await isSameProcess(record))) await unlink(path).catch(() => {});
  }
  return live;
}

async function writeAtomically(path: string, record: SupervisorRecord): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, `${JSON.stringify(record)}\n`, { mode: 0o644 });
  await rename(tmp, path);
}

/**
 * Claims jail `jailId` for this process: writes this process's record, then
 * looks for another live supervisor of the same jail; if there is one, the
 * claim is withdrawn. An established supervisor is never disturbed (two
 * claimants starting at the same instant may both be refused). Stale records
 * are deleted on the way.
 * @throws {JailError} `BUSY` (EBUSY) when a live supervisor already holds the jail
 */
export async function claimSupervisorRecord(
  stateDir: string,
  subject: { jailId: JailId; jailName: string; title: string },
): Promise<SupervisorRecordHandle> {
  const self = await identifyProcess(process.pid);
  if (!self) throw new JailError('BACKEND_FAILED', 'supervise: cannot read this process start time');
  let record: SupervisorRecord = { version: 1, ...self, ...subject };
  await mkdir(stateDir, { recursive: true });
  const path = join(stateDir, fileOf(record));
  await writeAtomically(path, record);
  const other = (await pruneSupervisorRecords(stateDir, subject.jailId)).find((r) => r.pid !== process.pid);
  if (other) {
    await unlink(path).catch(() => {});
    throw new JailError(
      'BUSY',
      `jail ${other.jailName} (jid ${other.jailId}) is already supervised by pid ${other.pid}`,
      {
        errno: 'EBUSY',
        operation: 'supervise',
      },
    );
  }
  let released = false;
  return {
    get record() {
      return record;
    },
    path,
    async setWorkload(workload) {
      if (released) return;
      record = { ...record, workload };
      await writeAtomically(path, record);
    },
    async release() {
      if (released) return;
      released = true;
      await unlink(path).catch(() => {});
    },
  };
}
