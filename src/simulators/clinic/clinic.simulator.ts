import type { Request, Response } from 'express';
import type { SimulatorDefinition } from '../host/simulator';
import { modifyClinic } from './clinic-modify';
import { createClinicState, inspectClinic, type ClinicState } from './clinic-state';
import { authenticated, clinicById, delinquencyReport, searchClinics, unauthenticated } from './clinic-wire';

/**
 * The clinic network's API ("Oralsin-style", docs/integrations/clinic-api.md): clinic search and detail,
 * the delinquency report by due-date window; auth by the `api_token` query parameter; Laravel errors.
 */
export const clinicSimulator: SimulatorDefinition<ClinicState> = {
  name: 'clinic',
  description: 'Clinic network API: /clinica search, /relatorio/inadimplencia by due-date window, api_token',
  createState: ({ seed, settings }) => createClinicState(seed, settings),
  mount(router, state, ctx) {
    state.clock = ctx.now;
    const guarded =
      (kind: string, handler: (req: Request, res: Response) => void) => (req: Request, res: Response) => {
        state.requests.set(kind, (state.requests.get(kind) ?? 0) + 1);
        if (!authenticated(state, req)) return unauthenticated(res);
        handler(req, res);
      };
    const baseUrl = (req: Request) => `${req.protocol}://${req.get('host')}${req.baseUrl}`;
    router.get(
      '/clinica',
      guarded('clinica', (req, res) => searchClinics(state, req, res, baseUrl(req))),
    );
    router.get(
      '/clinica/:id',
      guarded('clinica', (req, res) => clinicById(state, req, res)),
    );
    router.get(
      '/relatorio/inadimplencia',
      guarded('inadimplencia', (req, res) => delinquencyReport(state, req, res)),
    );
  },
  inspect: inspectClinic,
  modify: modifyClinic,
  rateLimited: (_req, res, retryAfterSeconds) => {
    res
      .status(429)
      .set('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))))
      .json({ message: 'Too Many Attempts.' });
  },
};
