// Graph results, transactions and concurrency through the official JavaScript driver:
// nodes/relationships/paths, explicit and managed transactions, concurrent sessions with
// exact counts, 20 sessions racing to MERGE one key, a 1M-row streamed result, and a client
// killed mid-query that must not disturb the server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import neo4j from 'neo4j-driver';
import { PASSWORD, driverFor, startServer } from './harness.mjs';

let server;
let driver;

before(async () => {
  server = await startServer();
  driver = driverFor(server);
});

after(async () => {
  await driver?.close();
  const { code } = await server.stop();
  assert.equal(code, 0, `SIGTERM must exit 0; stderr:\n${server.stderr()}`);
});

async function count(label) {
  const { records } = await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS c`);
  return records[0].get('c');
}

describe('graph values', () => {
  test('nodes, relationships and paths arrive as driver types', async () => {
    await driver.executeQuery(
      "CREATE (:Person {name: 'Ann', age: 30})-[:KNOWS {since: 2020}]->(:Person {name: 'Bob'})");
    const { records } = await driver.executeQuery(
      "MATCH p = (a:Person {name: 'Ann'})-[r:KNOWS]->(b) RETURN a, r, b, p");
    assert.equal(records.length, 1);
    const a = records[0].get('a');
    const r = records[0].get('r');
    const b = records[0].get('b');
    const p = records[0].get('p');
    assert.ok(neo4j.isNode(a));
    assert.deepEqual(a.labels, ['Person']);
    assert.equal(a.properties.name, 'Ann');
    assert.equal(typeof a.elementId, 'string');
    assert.ok(neo4j.isRelationship(r));
    assert.equal(r.type, 'KNOWS');
    assert.equal(r.properties.since, 2020);
    assert.equal(r.startNodeElementId, a.elementId);
    assert.equal(r.endNodeElementId, b.elementId);
    assert.ok(neo4j.isPath(p));
    assert.equal(p.length, 1);
    assert.equal(p.start.properties.name, 'Ann');
    assert.equal(p.end.properties.name, 'Bob');
    assert.equal(p.segments[0].relationship.type, 'KNOWS');
  });

  test('a path walked against relationship direction keeps start and end', async () => {
    const { records } = await driver.executeQuery(
      "MATCH p = (b:Person {name: 'Bob'})<-[:KNOWS]-(a) RETURN p");
    const p = records[0].get('p');
    assert.equal(p.start.properties.name, 'Bob');
    assert.equal(p.end.properties.name, 'Ann');
    assert.equal(p.segments[0].relationship.startNodeElementId, p.end.elementId);
  });

  test('write summaries carry counters', async () => {
    const { summary } = await driver.executeQuery('CREATE (:Counter {v: 1}), (:Counter {v: 2})');
    assert.equal(summary.counters.updates().nodesCreated, 2);
    assert.equal(summary.counters.containsUpdates(), true);
  });
});

describe('transactions', () => {
  test('explicit transaction commits', async () => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (:TxCommit {i: 1})');
      await tx.run('CREATE (:TxCommit {i: 2})');
      const inside = await tx.run('MATCH (n:TxCommit) RETURN count(n) AS c');
      assert.equal(inside.records[0].get('c'), 2);
      await tx.commit();
    } finally {
      await session.close();
    }
    assert.equal(await count('TxCommit'), 2);
  });

  test('explicit transaction rolls back', async () => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (:TxRollback)');
      await tx.rollback();
    } finally {
      await session.close();
    }
    assert.equal(await count('TxRollback'), 0);
  });

  test('a failed statement rolls its transaction back', async () => {
    const session = driver.session();
    try {
      const tx = await session.beginTransaction();
      await tx.run('CREATE (:TxFailed)');
      await assert.rejects(tx.run('RETRUN 1'), { code: 'Neo.ClientError.Statement.SyntaxError' });
      await tx.close();
    } finally {
      await session.close();
    }
    assert.equal(await count('TxFailed'), 0);
  });

  test('managed transactions (executeWrite / executeRead)', async () => {
    const session = driver.session();
    try {
      await session.executeWrite((tx) => tx.run('CREATE (:Managed {k: $k})', { k: 'x' }));
      const c = await session.executeRead(async (tx) => {
        const r = await tx.run('MATCH (n:Managed) RETURN count(n) AS c');
        return r.records[0].get('c');
      });
      assert.equal(c, 1);
    } finally {
      await session.close();
    }
  });
});

describe('concurrency', () => {
  test('concurrent sessions produce exact counts', async () => {
    const sessions = 10;
    const perSession = 20;
    await Promise.all(Array.from({ length: sessions }, async (_, s) => {
      const session = driver.session();
      try {
        for (let i = 0; i < perSession; i++) {
          await session.executeWrite((tx) => tx.run('CREATE (:Concurrent {s: $s, i: $i})', { s, i }));
        }
      } finally {
        await session.close();
      }
    }));
    assert.equal(await count('Concurrent'), sessions * perSession);
  });

  test('20 sessions racing to MERGE one key create exactly one node', async () => {
    await Promise.all(Array.from({ length: 20 }, async () => {
      const session = driver.session();
      try {
        await session.executeWrite((tx) => tx.run("MERGE (:Unique {key: 'the-one'})"));
      } finally {
        await session.close();
      }
    }));
    assert.equal(await count('Unique'), 1);
  });
});

// 1M rows from stored data: 1000 nodes paired with each other. (range() would build its whole
// list before streaming: 1e8 elements there took ~20 GB and got the server OOM-killed.)
const MILLION = 'MATCH (a:Grid), (b:Grid) RETURN a.i * 1000 + b.i AS i';

describe('streaming', () => {
  before(async () => {
    await driver.executeQuery('UNWIND range(0, 999) AS i CREATE (:Grid {i: i})');
  });

  test('a 1M-row result streams by fetch size', async () => {
    const session = driver.session({ fetchSize: 1000 });
    try {
      const result = session.run(MILLION);
      let n = 0;
      let sum = 0;
      for await (const record of result) {
        n++;
        sum += record.get('i');
      }
      assert.equal(n, 1000000);
      assert.equal(sum, (999999 * 1000000) / 2);
    } finally {
      await session.close();
    }
  });

  test('a client killed mid-query leaves the server healthy', async () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import neo4j from 'neo4j-driver';
      const d = neo4j.driver('${server.boltUrl}', neo4j.auth.basic('neo4j', '${PASSWORD}'));
      const s = d.session({ fetchSize: 10 });
      const r = s.run('${MILLION}');
      let n = 0;
      for await (const rec of r) { if (++n === 100) console.log('streaming'); }
    `], { cwd: new URL('.', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      child.stdout.on('data', (d) => { if (String(d).includes('streaming')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited early: ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    const { records } = await driver.executeQuery('RETURN 41 + 1 AS x');
    assert.equal(records[0].get('x'), 42);
    const session = driver.session();
    try {
      await session.executeWrite((tx) => tx.run('CREATE (:AfterKill)'));
    } finally {
      await session.close();
    }
    assert.equal(await count('AfterKill'), 1);
  });
});
