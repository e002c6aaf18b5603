/**
 * Child-process half of the data-folder lock test: opens the folder given as argument and
 * prints `{ ok }` or `{ ok: false, code, message }` as JSON.
 */
import { openDatabase } from '../../src/db/connection.ts';
import { isAppError } from '../../src/domain/errors.ts';

const dataDir = process.argv[2];
try {
  const database = await openDatabase({ dataDir });
  await database.close();
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify(isAppError(error) ? { ok: false, code: error.code, message: error.message } : { ok: false, message: String(error) }));
}
