#!/usr/bin/env node
// The kanary command (also kubectl-kanary, a kubectl plugin). The TypeScript is compiled to dist/ by `npm install`.
// `kanary controller` runs the controller process, `kanary dashboard` the dashboard's server;
// everything else is the CLI. The three never import each other.
/* global process */
const args = process.argv.slice(2);
if (args[0] === 'controller') {
  const { controllerMain } = await import('../dist/controller/main.js');
  process.exitCode = await controllerMain(args.slice(1));
} else if (args[0] === 'dashboard') {
  const { dashboardMain } = await import('../dist/dashboard/main.js');
  process.exitCode = await dashboardMain(args.slice(1));
} else {
  const { main } = await import('../dist/cli/main.js');
  process.exitCode = await main(process.argv);
}
