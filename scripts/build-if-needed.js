// Compiles the TypeScript into dist/ when any source is newer than the last build, so
// `npm start` and `npx commonplace` always run current code and start in seconds otherwise.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|tsx|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureBuilt({ quiet = false } = {}) {
  const sources = Math.max(
    ...['src', 'scripts', 'test'].filter((d) => fs.existsSync(path.join(root, d))).map((d) => newestSource(path.join(root, d))),
    fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs,
    fs.statSync(path.join(root, 'package-lock.json')).mtimeMs,
  );
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built >= sources) return false;
  if (!quiet) process.stdout.write('Building Commonplace (TypeScript → dist/)…\n');
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  } catch {
    process.stderr.write('The build failed; see the errors above.\n');
    process.exit(1);
  }
  fs.writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureBuilt();
