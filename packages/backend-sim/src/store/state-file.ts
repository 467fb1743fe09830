import { randomUUID } from 'node:crypto';
import { BackendError } from '@jails/core/backend';
import { initialSimState, type SimKernelState } from '../state.js';

/** The `format` tag of the state file, so a stray JSON file is never mistaken for one. */
export const SIM_STATE_FORMAT = 'jails-sim-kernel';

/**
 * Version of the state file's layout this package reads and writes. A file
 * with a higher version was written by a newer release and is refused.
 */
export const SIM_STATE_FORMAT_VERSION = 1;

/** Newest `SimKernelState.version` this package understands. */
const KERNEL_STATE_VERSION = 1;

/** JSON data a process driver keeps next to the kernel state (opaque to the store). */
export type SimDriverData = Record<string, unknown>;

/** What the state file holds: the kernel state plus the process driver's own data. */
export interface SimStateDocument {
  /** Random id of this kernel instance, fixed when the file is first written. */
  readonly instanceId: string;
  /** The simulated kernel's state (jail table, counters, process table). */
  kernel: SimKernelState;
  /** Data the process driver owns (e.g. the host driver's stopped members). */
  driver: SimDriverData;
}

/** A fresh document: an empty kernel with a new instance id. */
export function initialSimStateDocument(): SimStateDocument {
  return { instanceId: randomUUID(), kernel: initialSimState(), driver: {} };
}

/** The file's text for `doc`. */
export function serializeSimState(doc: SimStateDocument): string {
  const envelope = {
    format: SIM_STATE_FORMAT,
    formatVersion: SIM_STATE_FORMAT_VERSION,
    instanceId: doc.instanceId,
    kernel: doc.kernel,
    driver: doc.driver,
  };
  return `${JSON.stringify(envelope)}\n`;
}

const RECOVERY_HINT =
  'the file is left untouched; move it aside and start an empty kernel with the backend\'s recover() (jailctl: "recover-state")';

function corrupt(path: string, why: string, cause?: unknown): BackendError {
  return new BackendError({
    backend: 'sim',
    code: 'STATE_CORRUPT',
    operation: 'read state',
    message: `simulated kernel state ${path} is corrupt: ${why}; ${RECOVERY_HINT}`,
    cause,
  });
}

function newer(path: string, what: string, found: number, known: number): BackendError {
  return new BackendError({
    backend: 'sim',
    code: 'PROTOCOL_MISMATCH',
    operation: 'read state',
    message:
      `simulated kernel state ${path} was written by a newer @jails/backend-sim ` +
      `(${what} ${found}, this release reads up to ${known}); upgrade, or use another JAILS_PREFIX`,
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The first structural fault of a kernel state, or undefined when it is usable. */
function kernelFault(k: Record<string, unknown>): string | undefined {
  if (!isCount(k.nextJailId) || !isCount(k.cpuLimitsActive) || !isCount(k.nextPid)) {
    return 'kernel counters (nextJailId, cpuLimitsActive, nextPid) are missing or not counts';
  }
  if (!Array.isArray(k.jails) || !Array.isArray(k.processes))
    return 'kernel.jails or kernel.processes is not a list';
  for (const [i, j] of k.jails.entries()) {
    if (!isObject(j) || !isCount(j.id) || typeof j.name !== 'string' || typeof j.root !== 'string') {
      return `kernel.jails[${i}] has no id, name or root`;
    }
    if (!isObject(j.limits) || !isObject(j.counters) || !Array.isArray(j.ports)) {
      return `kernel.jails[${i}] (${j.name}) has no limits, counters or ports`;
    }
  }
  for (const [i, p] of k.processes.entries()) {
    if (!isObject(p) || !isCount(p.pid) || !isCount(p.jid)) return `kernel.processes[${i}] has no pid or jid`;
  }
  return undefined;
}

/**
 * Parses and checks the state file's text.
 * @param path the file's path, for messages
 * @throws {BackendError} code `STATE_CORRUPT` (naming the file and the way to
 *   recover) when the text is not a state file, `PROTOCOL_MISMATCH` when a newer
 *   release wrote it
 */
export function parseSimState(text: string, path: string): SimStateDocument {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw corrupt(path, text.length === 0 ? 'the file is empty' : `not JSON (${(e as Error).message})`, e);
  }
  if (!isObject(data) || data.format !== SIM_STATE_FORMAT)
    throw corrupt(path, `no "format": "${SIM_STATE_FORMAT}"`);
  if (!isCount(data.formatVersion)) throw corrupt(path, 'formatVersion is missing');
  if (data.formatVersion > SIM_STATE_FORMAT_VERSION) {
    throw newer(path, 'file format', data.formatVersion, SIM_STATE_FORMAT_VERSION);
  }
  const kernel = data.kernel;
  if (!isObject(kernel) || !isCount(kernel.version))
    throw corrupt(path, 'kernel state or its version is missing');
  if (kernel.version > KERNEL_STATE_VERSION)
    throw newer(path, 'kernel state version', kernel.version, KERNEL_STATE_VERSION);
  const fault = kernelFault(kernel);
  if (fault) throw corrupt(path, fault);
  if (typeof data.instanceId !== 'string' || data.instanceId === '')
    throw corrupt(path, 'instanceId is missing');
  const driver = data.driver ?? {};
  if (!isObject(driver)) throw corrupt(path, 'driver data is not an object');
  return { instanceId: data.instanceId, kernel: kernel as unknown as SimKernelState, driver };
}
