/**
 * Runs before `npm start`: builds the web app when web/dist is missing or older than its sources,
 * so a fresh clone serves the real app and later starts cost nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('../web/', import.meta.url));
const built = path.join(web, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(built) || statSync(built).mtimeMs < newestSource(web)) {
  console.log('Building the web app (first start, or its sources changed)…');
  execFileSync('npm', ['run', 'build', '-w', 'web', '--silent'], { stdio: 'inherit' });
}
