import fs from 'node:fs';
import path from 'node:path';
import { buildPackage, type PackageOptions, repoRoot } from './teams-package';

/**
 * `npm run package -- --bot-id <guid> --domain <host> [--app-id <guid>] [--version x.y.z] [--env dev] [--out file.zip]`
 *
 * Values not given as arguments come from deploy/env/.env.<env> (the Agents
 * Toolkit's env file: BOT_ID, TEAMS_APP_ID, BOT_DOMAIN, APP_VERSION) when
 * --env is given; the version defaults to package.json's.
 */

const USAGE =
  'Usage: npm run package -- --bot-id <Azure Bot app id> --domain <bot host name> [--app-id <guid>] [--version x.y.z] [--env <name>] [--out <file.zip>]';

function parseArgs(argv: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match) throw new Error(`Unexpected argument "${argv[i]}". ${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value. ${USAGE}`);
    args[match[1]] = value;
  }
  return args;
}

/** KEY=VALUE lines, # comments; the toolkit's env files are no more than that. */
function readEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) throw new Error(`No env file ${file}`);
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && match[2] !== '') values[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return values;
}

/** A path as typed relative to here when it is below here, else in full. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

async function main(): Promise<void> {
  const root = repoRoot();
  const args = parseArgs(process.argv.slice(2));
  const known = new Set(['bot-id', 'app-id', 'version', 'domain', 'env', 'out']);
  const unknown = Object.keys(args).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`Unknown option --${unknown[0]}. ${USAGE}`);
  const env = args.env ? readEnvFile(path.join(root, 'deploy', 'env', `.env.${args.env}`)) : {};
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const botId = args['bot-id'] ?? env.BOT_ID;
  const domain = args.domain ?? env.BOT_DOMAIN;
  if (!botId || !domain) throw new Error(`The bot id and its domain are needed. ${USAGE}`);
  const options: PackageOptions = {
    botId,
    domain,
    appId: args['app-id'] ?? env.TEAMS_APP_ID,
    version: args.version ?? env.APP_VERSION ?? pkg.version,
  };
  const built = await buildPackage(options, root);
  const out = path.resolve(root, args.out ?? path.join('deploy', 'appPackage', 'build', 'appPackage.zip'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, built.zip);
  process.stdout.write(
    `Wrote ${shown(out)}: Teams app ${String(built.manifest.id)} version ${String(built.manifest.version)}, ` +
      'manifest valid against its schema. Upload it in Teams (see deploy/README.md).\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
