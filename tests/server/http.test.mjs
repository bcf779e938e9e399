// The HTTP API with node's fetch: discovery, health, metrics, auth, tx/commit and explicit
// transactions committed and rolled back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, startServer } from './harness.mjs';

let server;
const auth = 'Basic ' + Buffer.from(`neo4j:${PASSWORD}`).toString('base64');

before(async () => { server = await startServer(); });
after(async () => {
  const { code } = await server.stop();
  assert.equal(code, 0);
});

async function post(path, body, headers = { Authorization: auth }) {
  const res = await fetch(server.httpUrl + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

test('discovery and health', async () => {
  const d = await (await fetch(server.httpUrl + '/')).json();
  assert.match(d.bolt_direct, /^bolt:\/\//);
  const h = await fetch(server.httpUrl + '/health');
  assert.equal(h.status, 200);
});

test('wrong credentials are refused', async () => {
  const r = await post('/db/neo4j/tx/commit', { statements: [] }, {
    Authorization: 'Basic ' + Buffer.from('neo4j:nope').toString('base64'),
  });
  assert.equal(r.status, 401);
  assert.equal(r.json.errors[0].code, 'Neo.ClientError.Security.Unauthorized');
});

test('tx/commit runs statements with parameters', async () => {
  const r = await post('/db/neo4j/tx/commit', {
    statements: [
      { statement: 'CREATE (n:Http {name: $name}) RETURN n', parameters: { name: 'h1' } },
      { statement: 'MATCH (n:Http) RETURN count(n) AS c' },
    ],
  });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json.errors, []);
  assert.deepEqual(r.json.results[0].data[0].row, [{ name: 'h1' }]);
  assert.equal(r.json.results[0].data[0].meta[0].type, 'node');
  assert.deepEqual(r.json.results[1].data[0].row, [1]);
});

test('errors come back with Neo4j codes', async () => {
  const r = await post('/db/neo4j/tx/commit', { statements: [{ statement: 'RETRUN 1' }] });
  assert.equal(r.json.errors[0].code, 'Neo.ClientError.Statement.SyntaxError');
});

test('explicit transactions commit and roll back', async () => {
  const open = await post('/db/neo4j/tx', { statements: [{ statement: "CREATE (:HttpTx {v: 'keep'})" }] });
  assert.equal(open.status, 201);
  const commit = await post(new URL(open.json.commit).pathname, { statements: [] });
  assert.deepEqual(commit.json.errors, []);

  const open2 = await post('/db/neo4j/tx', { statements: [{ statement: "CREATE (:HttpTx {v: 'drop'})" }] });
  const txUrl = open2.headers.get('location');
  const del = await fetch(txUrl, { method: 'DELETE', headers: { Authorization: auth } });
  assert.equal(del.status, 200);

  const check = await post('/db/neo4j/tx/commit', {
    statements: [{ statement: 'MATCH (n:HttpTx) RETURN n.v AS v' }],
  });
  assert.deepEqual(check.json.results[0].data.map((d) => d.row[0]), ['keep']);
});

test('metrics expose query outcomes and database counters', async () => {
  const text = await (await fetch(server.httpUrl + '/metrics')).text();
  assert.match(text, /nexus_queries_total\{outcome="success"\} [1-9]/);
  assert.match(text, /nexus_queries_total\{outcome="failure"\} [1-9]/);
  assert.match(text, /nexus_commits_total [1-9]/);
  assert.match(text, /nexus_query_duration_seconds_bucket\{le="\+Inf"\}/);
  assert.match(text, /nexus_page_cache_hits_total \d+/);
  assert.match(text, /nexus_wal_fsyncs_total \d+/);
});
