import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/load-config';
import { baseLoggerOptions } from '../platform/observability/logger.module';

/** The logger for the lines written before Nest (and nestjs-pino) exist: same JSON shape and redaction. */
export function bootLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'ROLE'>): Logger {
  return pino(baseLoggerOptions(config));
}
