/**
 * One mock back office on its own HTTP port, as a real one would be: its SOAP endpoint,
 * its WSDL at `<endpoint>?wsdl`, and the admin API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Contract } from '../../common/contracts/catalog.js';
import { createContractHandler } from '../../common/contracts/http.js';
import { sendProblem } from '../../common/http/problem.js';
import { createAdminHandler, type FixtureSet, type PushControl } from './admin.js';
import { FaultInjector, type FaultConfig } from './faults.js';
import { RequestRecorder } from './recorder.js';
import { createSoapEndpoint } from './soap-endpoint.js';
import type { Clock, ServiceHandlers } from './types.js';

export interface MockBackOffice {
  readonly contract: Contract;
  readonly handlers: ServiceHandlers;
  readonly fixtures: FixtureSet;
}

export interface MockServerOptions {
  readonly backOffice: MockBackOffice;
  readonly clock: Clock;
  readonly host?: string;
  readonly port?: number;
  readonly faults?: FaultConfig;
  /** What POST /admin/push/snapshot drives; absent for a mock that pushes nothing. */
  readonly push?: PushControl;
  readonly random?: () => number;
  readonly onError?: (error: unknown, operation: string) => void;
}

export interface RunningMock {
  readonly contract: Contract;
  /** Base URL of the server ("http://127.0.0.1:4101"). */
  readonly url: string;
  /** The SOAP endpoint; the WSDL is at `${endpoint}?wsdl`. */
  readonly endpoint: string;
  readonly faults: FaultInjector;
  readonly recorder: RequestRecorder;
  stop(): Promise<void>;
}

export async function startMockServer(options: MockServerOptions): Promise<RunningMock> {
  const { backOffice, clock } = options;
  const faults = new FaultInjector(options.random);
  if (options.faults) faults.configure(options.faults);
  const recorder = new RequestRecorder();
  const handlers = [
    createContractHandler({ contracts: [backOffice.contract] }),
    createSoapEndpoint({ contract: backOffice.contract, handlers: backOffice.handlers, faults, recorder, clock, ...(options.onError ? { onError: options.onError } : {}) }),
    createAdminHandler({ faults, recorder, fixtures: backOffice.fixtures, clock, ...(options.push ? { push: options.push } : {}) }),
  ];
  const server: Server = createServer((req, res) => {
    if (!handlers.some((handle) => handle(req, res))) {
      sendProblem(res, { status: 404, code: 'NOT_FOUND', title: 'No such resource', detail: `${req.method} ${req.url}` });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let stopped: Promise<void> | undefined;
  return {
    contract: backOffice.contract,
    url,
    endpoint: `${url}${backOffice.contract.endpointPath}`,
    faults,
    recorder,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      })),
  };
}
