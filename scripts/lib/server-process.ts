// Starts the built server (dist/server/main.js) as a real process, the way `npm start` does, and
// finds the port it listens on from its log. Used by tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from '../../server/config.js';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  /** The one-time setup code the process printed at first start (undefined once an admin exists). */
  setupCode?: string;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const mainJs = resolve(projectRoot, 'dist', 'server', 'main.js');

/**
 * Runs main.js with `env` (or another script that logs `"port":N … Zhiping is listening`, such as a
 * benchmark's yardstick); resolves once it listens, rejects with its output if it exits first.
 */
export function startServer(env: Record<string, string>, script: string[] = [mainJs]): Promise<ServerProcess> {
  const child = spawn(process.execPath, script, {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /"port":(\d+)[^\n]*Zhiping is listening/.exec(out);
      if (!m) return;
      const port = Number(m[1]);
      resolvePromise({
        child,
        port,
        url: `http://127.0.0.1:${port}`,
        setupCode: /"setupCode":"([^"]+)"/.exec(out)?.[1],
        output: () => out,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

/** Runs main.js expecting it to refuse to start; resolves with its exit code and output. */
export function runServerExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((r) => {
    const child = spawn(process.execPath, [mainJs], {
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => r({ code, output }));
  });
}
