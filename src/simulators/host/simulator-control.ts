import type { FaultConfig } from './faults';
import type { RequestStats } from './request-log';

export type { FaultConfig, FaultResponse, RateLimitFault } from './faults';
export type { RecordedRequest, RequestStats } from './request-log';

/** A control call the simulator refused; `body` carries its `{error}` explanation. */
export class SimulatorControlError extends Error {
  override name = 'SimulatorControlError';

  constructor(
    readonly status: number,
    readonly body: string,
    call: string,
  ) {
    super(`${call} answered ${status}: ${body}`);
  }
}

/** Typed client of a simulator's control API, for tests and benchmarks that run it out of process. */
export class SimulatorControl {
  constructor(private readonly controlUrl: string) {}

  faults(): Promise<FaultConfig> {
    return this.call<FaultConfig>('GET', '/faults');
  }

  setFaults(faults: FaultConfig): Promise<FaultConfig> {
    return this.call<FaultConfig>('PUT', '/faults', faults);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  requests(): Promise<RequestStats> {
    return this.call<RequestStats>('GET', '/requests');
  }

  async resetRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  data<T>(): Promise<T> {
    return this.call<T>('GET', '/data');
  }

  modify<T>(body: unknown): Promise<T> {
    return this.call<T>('POST', '/data', body);
  }

  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const send = () =>
      fetch(`${this.controlUrl}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    // A reset before any answer is a keep-alive socket the server closed as the call went out (the
    // server never read it): sent again once on a fresh connection.
    const response = await send().catch((error: unknown) => {
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return send();
      throw error;
    });
    const text = await response.text();
    if (!response.ok) throw new SimulatorControlError(response.status, text, `${method} ${path}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
