// Writes manifests/crds/<plural>.yaml from the schemas (`npm run gen`); crd.test.ts fails when
// the committed files differ from what this would write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCrds, crdYaml } from '../src/api/crd.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'manifests', 'crds');
mkdirSync(dir, { recursive: true });
for (const { plural, crd } of allCrds()) {
  const file = join(dir, `${plural}.yaml`);
  writeFileSync(file, crdYaml(crd));
  console.log(`wrote ${file}`);
}
