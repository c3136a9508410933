export * from './find-tenant-by-slug.query';
export * from './get-tenant-integrations.query';
export * from './get-tenant.query';
