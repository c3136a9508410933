import { discordSimulator } from './discord/discord.simulator';
import { ixcSimulator } from './ixc';
import type { SimulatorDefinition } from './host/simulator';
import { SimulatorHost, type SimulatorHostOptions } from './host/simulator-host';

/** Every simulator the host can serve, by the name it is mounted under. */
export const simulatorDefinitions = {
  discord: discordSimulator,
  ixc: ixcSimulator,
} as const;

export type SimulatorName = keyof typeof simulatorDefinitions;

export const simulatorNames = Object.keys(simulatorDefinitions) as SimulatorName[];

/** Starts one host serving the named simulators (all by default). Names usually come from a CLI or env. */
export function startSimulators(
  names: readonly SimulatorName[] = simulatorNames,
  options?: SimulatorHostOptions,
): Promise<SimulatorHost> {
  const unknown = names.filter((name) => !Object.hasOwn(simulatorDefinitions, name));
  if (unknown.length > 0) {
    return Promise.reject(
      new Error(`Unknown simulator(s): ${unknown.join(', ')}. Valid names: ${simulatorNames.join(', ')}`),
    );
  }
  const definitions: SimulatorDefinition[] = [...new Set(names)].map((name) => simulatorDefinitions[name]);
  return SimulatorHost.start(definitions, options);
}

export { discordSimulator, type DiscordData } from './discord/discord.simulator';
export type { DiscordMessage, DiscordEmbed } from './discord/discord-state';
export {
  ixcSimulator,
  IXC_DEMO_CREDENTIALS,
  IXC_DEFAULT_SETTINGS,
  IXC_HTML_ERROR,
  IXC_IP_NOT_ALLOWED_MESSAGE,
  IXC_MODIFY_ACTIONS,
  IXC_WEBSERVICE_PATH,
  type IxcData,
  type IxcFractionChanges,
  type IxcRequestCounts,
  type IxcSettings,
} from './ixc';
export {
  SimulatorInputError,
  type SimulatorContext,
  type SimulatorDefinition,
  type SimulatorStateOptions,
} from './host/simulator';
export { SimulatorHost, type SimulatorHostOptions } from './host/simulator-host';
export {
  SimulatorControl,
  SimulatorControlError,
  type FaultConfig,
  type FaultResponse,
  type RateLimitFault,
  type RecordedRequest,
  type RequestStats,
} from './host/simulator-control';
