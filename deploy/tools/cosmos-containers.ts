import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SORTABLE_FIELDS, leasesContainerDefinition, pcnContainerDefinition } from '../../services/store/cosmos/indexing';
import { repoRoot } from './repo-root';

/**
 * The Cosmos DB containers for the Bicep template, from the Store's own
 * definitions (services/store/cosmos/indexing.ts): deploy/infra/main.bicep
 * loads deploy/infra/cosmos-containers.json, and the cross-check test fails
 * when that file and the Store disagree. `npm run infra:containers` rewrites it.
 */
export function bicepContainers() {
  return [pcnContainerDefinition(DEFAULT_SORTABLE_FIELDS), leasesContainerDefinition()].map((c) => ({
    id: c.id,
    // Hash is the only kind for a single-path key; the Store's SDK call leaves it implied.
    partitionKey: { paths: c.partitionKey?.paths, kind: 'Hash' },
    defaultTtl: c.defaultTtl,
    indexingPolicy: c.indexingPolicy,
  }));
}

export const CONTAINERS_FILE = path.join('deploy', 'infra', 'cosmos-containers.json');

if (require.main === module) {
  const file = path.join(repoRoot(), CONTAINERS_FILE);
  fs.writeFileSync(file, `${JSON.stringify(bicepContainers(), null, 2)}\n`);
  process.stdout.write(`Wrote ${CONTAINERS_FILE} from the Store's container definitions\n`);
}
