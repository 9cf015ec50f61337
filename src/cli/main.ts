#!/usr/bin/env node
/**
 * The `klaviyo` bin (dist/cli.js). Not imported by the package's entries: the SDK stays as small as it
 * was for apps that do not use the command line.
 */
import { once } from 'node:events';
import { run } from './program.js';

// `klaviyo … | head` closes the pipe early: that is the reader being done, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

void run(process.argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }).then(
  async (code) => {
    // Exit as soon as the output is out: idle keep-alive sockets and limiter timers must not hold the process.
    if (process.stdout.writableLength > 0) await once(process.stdout, 'drain');
    process.exit(code);
  },
);
