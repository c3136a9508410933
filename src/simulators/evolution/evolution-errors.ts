import type { Response } from 'express';

/**
 * Evolution's error envelope (src/main.ts error middleware): every error is
 * `{status, error, response: {message}}`; `message` is an array except on 401, where it is a plain string.
 */
export interface EvolutionErrorBody {
  status: number;
  error: string;
  response: { message: unknown };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
};

export function sendEvolutionError(res: Response, status: 400 | 401 | 404, message: unknown): void {
  const body: EvolutionErrorBody = { status, error: REASONS[status]!, response: { message } };
  res.status(status).json(body);
}

export const sendUnauthorized = (res: Response) => sendEvolutionError(res, 401, 'Unauthorized');

/** instance.guard.ts wording, quotes included. */
export const sendUnknownInstance = (res: Response, instanceName: string) =>
  sendEvolutionError(res, 404, [`The "${instanceName}" instance does not exist`]);
