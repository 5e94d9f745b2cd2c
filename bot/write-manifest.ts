import { tableCommands } from './features/table';
import { MANIFEST_FILE, writeManifestCommands } from './manifest-commands';

/** `npm run manifest`: the Teams app manifest's command menu, rewritten from the feature table. */
writeManifestCommands(tableCommands());
process.stdout.write(`Wrote the command menu into ${MANIFEST_FILE}\n`);
