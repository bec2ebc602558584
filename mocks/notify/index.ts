/**
 * Mock notification providers for the hub's notifications flow: an SMS gateway and a push
 * service, each over real HTTP on its own port (./provider.ts). Used in-process by tests
 * and by QA running the platform; like every mock, it imports nothing of the hub.
 */
import { startNotifyProvider, type RunningNotifyProvider } from './provider.js';

export interface NotifyMocksOptions {
  readonly host?: string;
  /** 0 or absent picks a free port. */
  readonly ports?: { readonly sms?: number; readonly push?: number };
}

export interface RunningNotifyMocks {
  readonly sms: RunningNotifyProvider;
  readonly push: RunningNotifyProvider;
  /** The SMS message endpoint (the hub's SMS provider URL). */
  readonly smsUrl: string;
  /** The push message endpoint (the hub's push provider URL). */
  readonly pushUrl: string;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

export async function startNotifyMocks(options: NotifyMocksOptions = {}): Promise<RunningNotifyMocks> {
  const host = options.host ?? '127.0.0.1';
  const sms = await startNotifyProvider({ kind: 'sms', host, ...(options.ports?.sms ? { port: options.ports.sms } : {}) });
  let push: RunningNotifyProvider;
  try {
    push = await startNotifyProvider({ kind: 'push', host, ...(options.ports?.push ? { port: options.ports.push } : {}) });
  } catch (error) {
    await sms.stop();
    throw error;
  }
  return {
    sms,
    push,
    smsUrl: sms.url,
    pushUrl: push.url,
    stop: async () => {
      await Promise.allSettled([sms.stop(), push.stop()]);
    },
  };
}

export type { FailureOptions, NotifyProviderKind, ReceivedMessage, RunningNotifyProvider } from './provider.js';
export { startNotifyProvider } from './provider.js';
