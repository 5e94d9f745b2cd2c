/**
 * Reads a Teams app manifest (JSON) on standard input and prints its schema
 * errors as a JSON array ([] when valid). The schema is the one
 * @microsoft/app-manifest bundles for the manifest's version: nothing is
 * fetched. Run by deploy/tools/teams-package.ts in a child process.
 */
// A plain CommonJS script (run by node, not compiled), so require() is how it loads modules.
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs');
const path = require('node:path');
const { AppManifestUtils } = require('@microsoft/app-manifest');

const manifest = JSON.parse(fs.readFileSync(0, 'utf8'));
const version = String(manifest.manifestVersion);
if (!/^\d+\.\d+$/.test(version)) {
  process.stdout.write(JSON.stringify([`manifestVersion "${version}" is not a schema version such as 1.30`]));
  process.exit(0);
}
const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const schemaFile = path.join(packageDir, 'build', 'json-schemas', 'teams', `v${version}`, 'MicrosoftTeams.schema.json');
if (!fs.existsSync(schemaFile)) {
  process.stderr.write(`@microsoft/app-manifest has no bundled schema for manifest version ${version}\n`);
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
AppManifestUtils.validateAgainstSchema(manifest, schema).then(
  (errors) => process.stdout.write(JSON.stringify(errors)),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
