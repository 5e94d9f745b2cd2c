import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { commandLists } from '../../bot/manifest-commands';
import { tableCommands } from '../../bot/features/table';
import { repoRoot } from './repo-root';

export { repoRoot } from './repo-root';

/**
 * The Teams app package: the manifest template in deploy/appPackage filled
 * in (ids, version, domain, the command menu from the bot's feature table),
 * the two icons drawn from the one SVG there, checked against the manifest
 * schema offline, and zipped with the files at the top of the zip, as Teams
 * expects.
 */

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

export interface PackageOptions {
  /** The Azure Bot's Microsoft App ID (for a UserAssignedMSI bot: the identity's client id). */
  readonly botId: string;
  /** The Teams app's own id; the bot id when not given, so every build of one PCN's app is the same app. */
  readonly appId?: string;
  /** Semantic version x.y.z; Teams needs a higher one for every update. */
  readonly version: string;
  /** The bot's host name, such as pcn-bot.azurewebsites.net (no scheme, no path). */
  readonly domain: string;
}

export interface TeamsPackage {
  readonly manifest: Record<string, unknown>;
  readonly colorPng: Buffer;
  readonly outlinePng: Buffer;
  readonly zip: Uint8Array;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const appPackageDir = (root = repoRoot()) => path.join(root, 'deploy', 'appPackage');

/** Checks the options, each with a line that says what is wrong. */
export function checkOptions(options: PackageOptions): Required<PackageOptions> {
  const appId = options.appId ?? options.botId;
  if (!GUID.test(options.botId)) throw new Error(`The bot id must be the Azure Bot's app id, a GUID (got "${options.botId}")`);
  if (!GUID.test(appId)) throw new Error(`The Teams app id must be a GUID (got "${appId}")`);
  if (!SEMVER.test(options.version))
    throw new Error(`The version must be three numbers such as 1.2.3 (got "${options.version}")`);
  if (!HOST.test(options.domain)) {
    throw new Error(`The domain must be the bot's host name, such as pcn-bot.azurewebsites.net (got "${options.domain}")`);
  }
  return { botId: options.botId, appId, version: options.version, domain: options.domain.toLowerCase() };
}

/** The template with every ${{NAME}} filled in and the command menu from the feature table. */
export function fillManifest(template: string, options: PackageOptions): Record<string, unknown> {
  const o = checkOptions(options);
  const values: Record<string, string> = {
    TEAMS_APP_ID: o.appId,
    BOT_ID: o.botId,
    APP_VERSION: o.version,
    BOT_DOMAIN: o.domain,
  };
  // Values are checked above (GUIDs, x.y.z, a host name), so none needs escaping inside a JSON string.
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) => {
    if (!(name in values)) throw new Error(`The manifest template names ${whole}, which npm run package does not fill in`);
    return values[name];
  });
  const manifest = JSON.parse(filled) as { bots: { commandLists?: unknown }[] } & Record<string, unknown>;
  manifest.bots[0].commandLists = commandLists(tableCommands());
  return manifest;
}

/** The colour icon: the whole SVG, 192x192. */
export async function colorIcon(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).resize(COLOR_ICON_SIZE, COLOR_ICON_SIZE).png().toBuffer();
}

/**
 * The outline icon: the SVG without its background, 32x32, as Teams wants it:
 * white, with the glyph's coverage as transparency, so no pixel is anything
 * but white and the background is clear.
 */
export async function outlineIcon(svg: string): Promise<Buffer> {
  const background = /<rect id="background"[^>]*\/>/g;
  if ((svg.match(background) ?? []).length !== 1) throw new Error('The icon SVG needs exactly one <rect id="background" .../>');
  const coverage = await sharp(Buffer.from(svg.replace(background, '')))
    .resize(OUTLINE_ICON_SIZE, OUTLINE_ICON_SIZE)
    .ensureAlpha()
    .extractChannel('alpha')
    .raw()
    .toBuffer();
  return sharp({ create: { width: OUTLINE_ICON_SIZE, height: OUTLINE_ICON_SIZE, channels: 3, background: '#ffffff' } })
    .joinChannel(coverage, { raw: { width: OUTLINE_ICON_SIZE, height: OUTLINE_ICON_SIZE, channels: 1 } })
    .png()
    .toBuffer();
}

/**
 * Schema errors for a manifest, from @microsoft/app-manifest and the schema it
 * bundles (offline). It runs in a child Node process: one of the library's
 * dependencies is an ES module that jest's CommonJS runtime cannot load, while
 * Node itself can.
 */
export function validateManifest(manifest: Record<string, unknown>, root = repoRoot()): Promise<string[]> {
  const script = path.join(root, 'deploy', 'tools', 'validate-manifest.js');
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [script], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`The manifest validator failed: ${stderr.trim() || error.message}`));
      resolve(JSON.parse(stdout) as string[]);
    });
    child.stdin?.end(JSON.stringify(manifest));
  });
}

/** Builds and validates the package; throws with every schema error when the manifest is not valid. */
export async function buildPackage(options: PackageOptions, root = repoRoot()): Promise<TeamsPackage> {
  const dir = appPackageDir(root);
  const manifest = fillManifest(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'), options);
  const errors = await validateManifest(manifest, root);
  if (errors.length) throw new Error(`The app manifest does not match its schema:\n  ${errors.join('\n  ')}`);
  const svg = fs.readFileSync(path.join(dir, 'icon.svg'), 'utf8');
  const [colorPng, outlinePng] = await Promise.all([colorIcon(svg), outlineIcon(svg)]);
  const zip = zipSync(
    {
      'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': colorPng,
      'outline.png': outlinePng,
    },
    { level: 9, mtime: new Date('2026-01-01T00:00:00Z') },
  );
  return { manifest, colorPng, outlinePng, zip };
}
