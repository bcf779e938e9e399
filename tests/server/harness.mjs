// Starts `nexus serve` on free loopback ports with a temporary database for one test file,
// and stops it with SIGTERM (which must exit 0). NEXUS_BIN names the binary.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';

export const PASSWORD = 'test-password';

export async function startServer({ auth = true, extraArgs = [] } = {}) {
  const bin = process.env.NEXUS_BIN;
  if (!bin) throw new Error('NEXUS_BIN is not set');
  const dir = mkdtempSync(join(tmpdir(), 'nexus-server-'));
  const db = join(dir, 'test.nexus');
  const args = ['serve', db, '--bolt', '127.0.0.1:0', '--http', '127.0.0.1:0',
    ...(auth ? ['--initial-password', PASSWORD] : ['--no-auth']), ...extraArgs];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const ports = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/bolt=([\d.]+:\d+) http=([\d.]+:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ bolt: m[1], http: m[2] });
      }
    });
    proc.on('exit', () => reject(new Error(`server exited during start: ${stderr}`)));
  });
  return {
    boltUrl: `bolt://${ports.bolt}`,
    neo4jUrl: `neo4j://${ports.bolt}`,
    httpUrl: `http://${ports.http}`,
    proc,
    stderr: () => stderr,
    async stop() {
      proc.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}

export function driverFor(server, password = PASSWORD, url = server.boltUrl) {
  return neo4j.driver(url, neo4j.auth.basic('neo4j', password), {
    disableLosslessIntegers: true,
    maxConnectionPoolSize: 50,
  });
}
