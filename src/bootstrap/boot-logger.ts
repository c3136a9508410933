import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/load-config';

/** The logger for the lines written before Nest (and nestjs-pino) exist: same JSON shape. */
export function bootLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'ROLE'>): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service: 'regua', role: config.ROLE } });
}
