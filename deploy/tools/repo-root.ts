import fs from 'node:fs';
import path from 'node:path';

/** The repository's root, from the source tree or from its compiled copy in dist/. */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'deploy', 'appPackage', 'manifest.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`Cannot find deploy/appPackage/manifest.json above ${from}`);
  }
}
