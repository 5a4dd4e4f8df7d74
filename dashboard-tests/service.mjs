// What the browser suite and the measurements share: the built jar, the java to run it with, a free port.

import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import {createServer} from 'node:net';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** JOBPOOL_JAR, or the jar the build left in ../target. */
export function jar() {
  if (process.env.JOBPOOL_JAR) return process.env.JOBPOOL_JAR;
  const target = join(repo, 'target');
  const found = readdirSync(target).filter((f) => /^jobpool-.*\.jar$/.test(f) && !/-(api|plain)\.jar$/.test(f));
  assert.ok(found.length > 0, 'no jar in target/: build it first (./mvnw -o -DskipTests package)');
  return join(target, found[0]);
}

/** JAVA, or bin/jdk25's java. */
export function java() {
  if (process.env.JAVA) return process.env.JAVA;
  return join(execFileSync(join(repo, 'bin/jdk25'), {encoding: 'utf8'}).trim(), 'bin/java');
}

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => ok(port));
    });
  });
}
