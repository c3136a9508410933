import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/load-config';
import { DomainError } from '../../shared/errors/domain-error';
import { CreateAdmin } from '../access/create-admin';
import { DATABASE_RUNTIME } from '../database/database.module';
import type { DatabaseRuntime } from '../database/database-runtime';
import { DeadLetters } from '../messaging/dead-letters';
import { removeControlFile, writeControlFile } from './control-file';
import { BadControlRequest, controlRequest, type ControlRequest } from './control-request';

const MAX_BODY_BYTES = 16 * 1024;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The embedded database is single-session and this process holds it, so `regua create-admin` and
 * `regua dead-letters` cannot open it while the app runs. Instead they ask this process: a loopback
 * HTTP listener on a random port, announced with a random token in the data directory's
 * `control.json` (owner-only). It runs the same use cases the CLI would, on the app's own connection.
 */
@Injectable()
export class LocalControlServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LocalControl');
  private server?: Server;
  private readonly token = randomBytes(32).toString('base64url');

  constructor(
    @Inject(DATABASE_RUNTIME) private readonly database: DatabaseRuntime,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly createAdmin: CreateAdmin,
    private readonly deadLetters: DeadLetters,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const dataDir = this.database.dataDir;
    if (this.database.kind !== 'embedded' || !dataDir) return;
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    writeControlFile(dataDir, { pid: process.pid, url: `http://127.0.0.1:${port}`, token: this.token });
  }

  /** Before the database closes: a command in flight finishes on it, and no new one is taken. */
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    if (this.database.dataDir) removeControlFile(this.database.dataDir);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!this.authorized(req.headers.authorization)) {
      reply(401, { code: 'CONTROL.UNAUTHENTICATED', message: 'Missing or wrong control token' });
      return;
    }
    try {
      const request = controlRequest(req.url ?? '', await readJson(req));
      this.logger.log(`Operator command "${request.command}" from the local CLI`);
      reply(200, await this.run(request));
    } catch (error) {
      if (error instanceof BadControlRequest || error instanceof SyntaxError) {
        reply(400, { code: 'CONTROL.INVALID_REQUEST', message: error.message });
      } else if (error instanceof DomainError) {
        reply(422, { code: error.code, message: error.message });
      } else {
        this.logger.error({ err: error }, 'Operator command failed');
        reply(500, { code: 'CONTROL.FAILED', message: 'The command failed; see the app log' });
      }
    }
  }

  private run(request: ControlRequest): Promise<unknown> {
    switch (request.command) {
      case 'create-admin':
        return this.createAdmin.execute({ ...request.input, mode: this.config.REGUA_MODE });
      case 'dead-letters.list':
        return this.deadLetters.list(request.input);
      case 'dead-letters.replay':
        return this.deadLetters.replay(request.input.id);
    }
  }

  private authorized(header: string | undefined): boolean {
    const presented = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
    return presented !== undefined && timingSafeEqual(digest(presented), digest(this.token));
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BadControlRequest('Request body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
}
