// Writes development credentials (a signing key, its JWKS and long-lived tokens for the portal,
// operators and each agency) into a folder: `node packages/auth/src/cli/write-dev-credentials.ts DIR`.
// docker-compose.yml runs it once into a shared volume; `npm start` calls the same function.
import { join } from 'node:path';
import { writeDevCredentials } from '../dev-credentials.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: write-dev-credentials.ts DIR');
  process.exit(2);
}
const summary = await writeDevCredentials({ dir, file: join(dir, 'dev-credentials.env') });
console.log(
  `wrote ${summary.file} and ${summary.jwksFile} (issuer ${summary.issuer}, audience ${summary.audience})`,
);
