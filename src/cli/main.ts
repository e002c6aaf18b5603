/**
 * Entry of `chengxin` (via `bin/chengxin.js`). An AppError prints its Chinese message and
 * exits 1, without a stack trace: it is the user's situation, not a bug.
 */
import { isAppError } from '../domain/errors.ts';
import { buildProgram } from './program.ts';

// `chengxin demo | head` closes the pipe early; the command still finishes and closes the database.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (isAppError(error)) {
    console.error(`错误：${error.message}`);
  } else {
    console.error('内部错误：', error);
  }
  process.exitCode = 1;
}
