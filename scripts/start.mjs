#!/usr/bin/env node
// `npm start`: runs the example workflow on the embedded engine. Tasks are sandboxed with bubblewrap;
// on a machine without it the demo says so and runs unsandboxed, explicitly (--no-sandbox).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/keyflow.mjs', import.meta.url));
const example = fileURLToPath(new URL('../examples/hello-dag.yaml', import.meta.url));
const hasBwrap = spawnSync('bwrap', ['--version'], { stdio: 'ignore' }).status === 0;
const args = [bin, 'run', example, ...process.argv.slice(2)];
if (!hasBwrap) {
  console.error('bubblewrap (bwrap) is not installed: running the demo with --no-sandbox.\n'
    + 'Install it for isolated tasks: apt-get install bubblewrap\n');
  args.push('--no-sandbox');
}
const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
