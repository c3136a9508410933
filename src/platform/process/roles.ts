import type { Role } from '../../config/env.schema';

/** ROLE=all runs everything in one process (the embedded default); otherwise one job per process. */
export const runsApi = (role: Role): boolean => role === 'api' || role === 'all';
export const runsWorkers = (role: Role): boolean => role === 'worker' || role === 'all';
export const runsSchedules = (role: Role): boolean => role === 'scheduler' || role === 'all';
