#!/usr/bin/env node
// gridtwin is written in TypeScript and runs from source: tsx compiles each module on load
// (cached on disk), so there is no build step between `npm ci` and `npx gridtwin`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../sim/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
