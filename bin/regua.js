#!/usr/bin/env node
// The `regua` command: runs the compiled CLI (npm run build), or tells how to get it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!existsSync(compiled)) {
  console.error('regua: the CLI is not built yet. Run `npm run build`, or use `npm run cli -- <command>`.');
  process.exit(1);
}
require(compiled);
