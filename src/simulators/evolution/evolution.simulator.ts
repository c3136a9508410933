import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { SimulatorDefinition } from '../host/simulator';
import { sendEvolutionError, sendUnauthorized, sendUnknownInstance } from './evolution-errors';
import { modifyEvolution } from './evolution-modify';
import { sendText } from './evolution-send';
import { findWebhook, setWebhook } from './evolution-webhook-routes';
import {
  createEvolutionState,
  inspectEvolution,
  type EvolutionInstance,
  type EvolutionState,
} from './evolution-state';

const readJson = express.json({ limit: '1mb' });

/**
 * Evolution API v2 (WhatsApp through Baileys): sendText, connectionState, apikey auth, the
 * `{status, error, response: {message}}` error envelope, and webhook events driven from the control API.
 */
export const evolutionSimulator: SimulatorDefinition<EvolutionState> = {
  name: 'evolution',
  description:
    'Evolution API v2 (WhatsApp): sendText, connectionState, apikey auth, not-on-WhatsApp, webhook acks/replies',
  createState: ({ seed }) => createEvolutionState(seed),
  mount(router, state, ctx) {
    router.get('/', (_req, res) => {
      res.json({ status: 200, message: 'Welcome to the Evolution API, it is working!' });
    });
    const send = (req: Request, res: Response) => {
      const instance = guardedInstance(state, req, res);
      if (instance) sendText(state, instance, ctx, req, res);
    };
    // The error handler sits in the same route: Express skips other routes while an error is pending.
    router.post('/message/sendText/:instanceName', readJson, send, badJson);
    router.get('/instance/connectionState/:instanceName', (req, res) => {
      const instance = guardedInstance(state, req, res);
      if (instance) res.json({ instance: { instanceName: instance.instanceName, state: instance.state } });
    });
    router.post(
      '/webhook/set/:instanceName',
      readJson,
      (req: Request, res: Response) => {
        const instance = guardedInstance(state, req, res);
        if (instance) setWebhook(instance, req, res);
      },
      badJson,
    );
    router.get('/webhook/find/:instanceName', (req, res) => {
      const instance = guardedInstance(state, req, res);
      if (instance) findWebhook(instance, res);
    });
    // Express' own 404 is HTML; Evolution's is its JSON envelope.
    router.all('/{*path}', (req, res) => {
      sendEvolutionError(res, 404, [`Cannot ${req.method} ${req.originalUrl.replace(/^\/evolution/, '')}`]);
    });
  },
  inspect: inspectEvolution,
  modify: modifyEvolution,
};

/**
 * index.router.ts runs instanceExistsGuard before authGuard: an unknown instance is 404 even without a
 * key. The global key opens every instance; an instance token opens only its own instance.
 */
function guardedInstance(state: EvolutionState, req: Request, res: Response): EvolutionInstance | undefined {
  const name = String(req.params.instanceName);
  const instance = state.instances.get(name);
  if (!instance) {
    sendUnknownInstance(res, name);
    return undefined;
  }
  const key = req.get('apikey');
  if (key !== state.apiKey && key !== instance.token) {
    sendUnauthorized(res);
    return undefined;
  }
  return instance;
}

/** body-parser's syntax error, answered in Evolution's envelope rather than the host's `{error}`. */
const badJson: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (!(error instanceof SyntaxError)) return next(error);
  sendEvolutionError(res, 400, [error.message]);
};
