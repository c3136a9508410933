import express, { type Router } from 'express';
import { jsonErrors } from './canned-response';
import { parseFaultConfig } from './faults';
import type { SimulatorRuntime } from './simulator-runtime';

/**
 * The control API of one simulator, mounted at `/<name>/__control`. It is a separate router from the
 * wire API, so faults never touch it and its calls are never counted as wire requests.
 */
export function createControlRouter(runtime: SimulatorRuntime, name: string): Router {
  const router = express.Router();
  router.use(express.json({ limit: '5mb' }));

  router.get('/faults', (_req, res) => {
    res.json(runtime.faults.current());
  });
  router.put('/faults', (req, res) => {
    // Parse fully before replacing: a bad config is rejected and leaves the active one untouched.
    const config = parseFaultConfig(req.body);
    runtime.faults.replace(config);
    res.json(config);
  });
  router.delete('/faults', (_req, res) => {
    runtime.faults.clear();
    res.status(204).end();
  });

  router.get('/requests', (_req, res) => {
    res.json(runtime.requests.stats());
  });
  router.delete('/requests', (_req, res) => {
    runtime.requests.clear();
    res.status(204).end();
  });

  router.get('/data', (_req, res) => {
    res.json(runtime.inspect());
  });
  // Async so a modify action can await I/O (e.g. Evolution posting a webhook); Express 5 forwards rejections.
  router.post('/data', async (req, res) => {
    if (!runtime.canModify) {
      res
        .status(405)
        .set('Allow', 'GET')
        .json({ error: `simulator ${name} has no modifiable data` });
      return;
    }
    const result = await runtime.modify(req.body);
    if (result === undefined) res.status(204).end();
    else res.json(result);
  });

  router.post('/reset', (_req, res) => {
    runtime.reset();
    res.status(204).end();
  });

  router.use((req, res) => {
    res
      .status(404)
      .json({ error: `unknown control endpoint ${req.method} ${req.path} for simulator ${name}` });
  });
  router.use(jsonErrors);
  return router;
}
