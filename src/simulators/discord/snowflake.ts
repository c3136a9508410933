/** Discord ids: ms since the Discord epoch << 22 | worker << 17 | process << 12 | increment. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;

export function snowflake(timestampMs: number, increment: number, worker = 1, processId = 0): string {
  const time = BigInt(Math.floor(timestampMs)) - DISCORD_EPOCH_MS;
  return (
    (time << 22n) |
    (BigInt(worker & 0x1f) << 17n) |
    (BigInt(processId & 0x1f) << 12n) |
    BigInt(increment & 0xfff)
  ).toString();
}

export function isSnowflake(value: string): boolean {
  return /^\d{1,20}$/.test(value);
}
