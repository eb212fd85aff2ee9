#!/usr/bin/env node
// `failover` CLI entry: runs the TypeScript CLI (cli/main.ts) through tsx, no build step needed.
'use strict';
const { register } = require('tsx/cjs/api');
const path = require('node:path');

// Supported Node versions are in docs/local.md; the AWS SDK's ten-line notice about Node 20 is not
// repeated on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { runCli } = require(path.join(__dirname, '..', 'cli', 'main.ts'));
runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
  process.exitCode = code;
});
