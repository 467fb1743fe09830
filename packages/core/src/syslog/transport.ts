/**
 * What a transport did with one message:
 * - `sent`: handed to the operating system;
 * - `busy`: not sent, the socket is congested; try again after `onReady`;
 * - `down`: not sent, no daemon is reachable now; try again after `onReady`;
 * - `rejected`: this message can never be sent (too large); drop it.
 * @internal
 */
export type SendResult = 'sent' | 'busy' | 'down' | 'rejected';

/** Callbacks a transport reports to. @internal */
export interface TransportHooks {
  /** Sending may be attempted again (congestion cleared, reconnected, retry time). */
  readonly onReady: () => void;
  /** `count` messages already reported `sent` were lost after all (broken connection, ICMP refusal). */
  readonly onLost: (count: number, error: Error) => void;
  /** How long to wait before reconnecting to an absent daemon. */
  readonly reconnectMs: number;
}

/**
 * One way of delivering syslog messages. Implementations never block and
 * never throw from {@link SyslogTransport.trySend}.
 * @internal
 */
export interface SyslogTransport {
  trySend(message: Buffer): SendResult;
  /** Whether messages can be sent right now. */
  readonly connected: boolean;
  /** Bytes handed to the OS or Node that are not yet known to be written. */
  readonly pendingBytes: number;
  /** The last delivery error, if any. */
  readonly lastError: Error | undefined;
  close(): void;
}

/**
 * Calls `fn` after `ms` without keeping the process alive for it.
 * @internal
 */
export function unrefTimer(fn: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
}

/** Reconnection attempts of a transport: at most one pending, none after {@link Reconnector.stop}. @internal */
export interface Reconnector {
  /** Schedules `attempt` after the reconnect delay, unless one is pending or the transport stopped. */
  later(): void;
  /** Cancels the pending attempt and refuses new ones (the transport closed). */
  stop(): void;
}

/**
 * Creates the reconnect timer the transports share; the timer never keeps
 * the process alive.
 * @internal
 */
export function createReconnector(attempt: () => void, delayMs: number): Reconnector {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    later() {
      if (timer || stopped) return;
      timer = unrefTimer(() => {
        timer = undefined;
        if (!stopped) attempt();
      }, delayMs);
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
