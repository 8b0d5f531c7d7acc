#!/usr/bin/env node
// The admin command line. Builds the TypeScript first when the sources are newer than dist/.
import { ensureBuilt } from '../scripts/build-if-needed.js';

ensureBuilt({ quiet: true });
const { runCli, describeFailure } = await import('../dist/src/cli.js');
try {
  const code = await runCli(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (error) {
  process.stderr.write(`commonplace: ${describeFailure(error)}\n`);
  process.exit(1);
}
