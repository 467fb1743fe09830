/** NetBSD's signal numbers (`<sys/signal.h>`), 1–31. */
export const NETBSD_SIGNALS: Readonly<Record<string, number>> = Object.freeze({
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGEMT: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGBUS: 10,
  SIGSEGV: 11,
  SIGSYS: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGURG: 16,
  SIGSTOP: 17,
  SIGTSTP: 18,
  SIGCONT: 19,
  SIGCHLD: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGIO: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGINFO: 29,
  SIGUSR1: 30,
  SIGUSR2: 31,
});

const NAMES: readonly string[] = (() => {
  const names: string[] = [];
  for (const [name, n] of Object.entries(NETBSD_SIGNALS)) names[n] = name;
  return names;
})();

/** The name of NetBSD signal `n` (`SIGKILL` for 9), or `SIG<n>` when it has none. */
export function signalName(n: number): string {
  return NAMES[n] ?? `SIG${n}`;
}

/** The number of a signal name, or `undefined` when NetBSD has no such signal. */
export function signalNumber(name: string): number | undefined {
  return Object.hasOwn(NETBSD_SIGNALS, name) ? NETBSD_SIGNALS[name] : undefined;
}

// Default actions (NetBSD sigprop): these are ignored or stop the process;
// every other signal terminates it. Stops are not modelled, so they do nothing.
const NO_EXIT = new Set([16, 17, 18, 19, 20, 21, 22, 23, 28, 29]);

/** Whether the default action of signal `n` terminates the process. */
export function terminatesByDefault(n: number): boolean {
  return n !== 0 && !NO_EXIT.has(n);
}
