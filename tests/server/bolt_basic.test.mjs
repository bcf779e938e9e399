// The official JavaScript driver against nexus serve: authentication, simple queries,
// parameters of every type round-tripped, error codes, routing (neo4j://) and clean shutdown.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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

describe('authentication', () => {
  test('right password connects and reports the server agent', async () => {
    const info = await driver.getServerInfo();
    assert.match(info.agent, /^Neo4j\/5\./);
    assert.ok(info.protocolVersion >= 5.0);
  });

  test('wrong password is rejected as Unauthorized', async () => {
    const bad = driverFor(server, 'not-the-password');
    try {
      await assert.rejects(bad.verifyConnectivity(), (e) => {
        assert.equal(e.code, 'Neo.ClientError.Security.Unauthorized');
        return true;
      });
    } finally {
      await bad.close();
    }
  });
});

describe('queries', () => {
  test('RETURN 1', async () => {
    const { records } = await driver.executeQuery('RETURN 1 AS x');
    assert.equal(records.length, 1);
    assert.equal(records[0].get('x'), 1);
  });

  test('routing driver (neo4j://) works against the single server', async () => {
    const routed = driverFor(server, PASSWORD, server.neo4jUrl);
    try {
      const { records } = await routed.executeQuery('RETURN 2 AS x');
      assert.equal(records[0].get('x'), 2);
    } finally {
      await routed.close();
    }
  });

  test('syntax errors carry the Neo4j code', async () => {
    await assert.rejects(driver.executeQuery('RETRUN 1'), (e) => {
      assert.equal(e.code, 'Neo.ClientError.Statement.SyntaxError');
      return true;
    });
    // The connection is usable afterwards.
    const { records } = await driver.executeQuery('RETURN 3 AS x');
    assert.equal(records[0].get('x'), 3);
  });

  test('missing parameters carry the Neo4j code', async () => {
    await assert.rejects(driver.executeQuery('RETURN $nope AS x'), (e) => {
      assert.equal(e.code, 'Neo.ClientError.Statement.ParameterMissing');
      return true;
    });
  });
});

describe('parameters round-trip', () => {
  const cases = {
    int: 42,
    negative: -123456789012,
    float: 1.5,
    string: 'héllo wörld',
    long_string: 'x'.repeat(100000),
    bool: true,
    null: null,
    list: [1, 'two', [3.0], null],
    map: { a: 1, b: { c: ['d'] } },
    date: new neo4j.types.Date(2024, 2, 29),
    localTime: new neo4j.types.LocalTime(13, 14, 15, 123456789),
    time: new neo4j.types.Time(13, 14, 15, 0, 3600),
    localDateTime: new neo4j.types.LocalDateTime(2020, 1, 2, 3, 4, 5, 6),
    dateTimeOffset: new neo4j.types.DateTime(2020, 1, 2, 3, 4, 5, 6, -7200),
    duration: new neo4j.types.Duration(14, 3, 20, 500),
    point2d: new neo4j.types.Point(7203, 1.5, 2.5),
    point3d: new neo4j.types.Point(4979, 12.0, 56.0, 100.0),
  };
  for (const [name, value] of Object.entries(cases)) {
    test(name, async () => {
      const { records } = await driver.executeQuery('RETURN $p AS p', { p: value });
      const got = records[0].get('p');
      if (value !== null && typeof value === 'object' && !Array.isArray(value) &&
          value.constructor !== Object) {
        assert.equal(got.toString(), value.toString());
        assert.equal(got.constructor.name, value.constructor.name);
      } else {
        assert.deepEqual(got, value);
      }
    });
  }

  test('zoned datetime comes back with its zone and the offset in force', async () => {
    const value = new neo4j.types.DateTime(2023, 11, 14, 12, 0, 0, 0, undefined, 'Europe/Stockholm');
    const { records } = await driver.executeQuery('RETURN $p AS p', { p: value });
    const got = records[0].get('p');
    assert.equal(got.timeZoneId, 'Europe/Stockholm');
    assert.equal(got.timeZoneOffsetSeconds, 3600);
    assert.equal(got.toString(), '2023-11-14T12:00:00+01:00[Europe/Stockholm]');
  });
});
