import { writeFileSync } from 'node:fs';
import { OPENAPI_FILE, buildOpenApi } from './openapi.js';

/** `npm run openapi`: refreshes the committed docs/openapi.json (a test checks it is current). */
writeFileSync(OPENAPI_FILE, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
