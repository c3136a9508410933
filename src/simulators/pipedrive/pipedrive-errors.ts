import type { Response } from 'express';

/** Pipedrive's error envelope (integrations notes §7.2): `success:false`, a message, the docs hint, null data. */
export interface PipedriveErrorBody {
  success: false;
  error: string;
  error_info: string;
  data: null;
  additional_data: null;
  code?: string;
}

export function sendPipedriveError(res: Response, status: number, error: string, code?: string): void {
  const body: PipedriveErrorBody = {
    success: false,
    error,
    error_info: 'Please check developers.pipedrive.com',
    data: null,
    additional_data: null,
    ...(code ? { code } : {}),
  };
  res.status(status).json(body);
}

export const pipedriveErrors = {
  unauthorized: 'You need to be authorized to make this request.',
  overLimit: 'Request over limit',
  badJson: 'Invalid JSON in request body',
};
