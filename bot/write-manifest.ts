import type { BotDeps } from './deps';
import { featureTable, withHelp } from './features/table';
import { MANIFEST_FILE, writeManifestCommands } from './manifest-commands';

/** `npm run manifest`: the Teams app manifest's command menu, rewritten from the feature table. */
writeManifestCommands(withHelp(featureTable({} as BotDeps)).flatMap((f) => f.commands));
process.stdout.write(`Wrote the command menu into ${MANIFEST_FILE}\n`);
