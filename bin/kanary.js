#!/usr/bin/env node
// The kanary command (also kubectl-kanary, a kubectl plugin). The TypeScript is compiled to dist/ by `npm install`.
/* global process */
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
