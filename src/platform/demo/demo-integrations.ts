import { IXC_DEMO_CREDENTIALS, type SimulatorName } from '../../simulators';

/** How the demo tenant reaches one simulated system: the same settings and secrets a real one needs. */
export interface DemoIntegration {
  settings: Record<string, unknown>;
  secrets: Record<string, string>;
}

export function demoIntegration(name: SimulatorName, url: string): DemoIntegration {
  switch (name) {
    case 'ixc':
      return {
        settings: { baseUrl: `${url}/webservice/v1`, user: IXC_DEMO_CREDENTIALS.user, simulated: true },
        secrets: { token: IXC_DEMO_CREDENTIALS.token },
      };
    default:
      return { settings: { baseUrl: url, simulated: true }, secrets: {} };
  }
}
