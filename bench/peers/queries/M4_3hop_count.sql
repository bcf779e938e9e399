-- micro: how many distinct people end a three-hop knows trail (no relationship twice). With
-- one relationship per pair, a walk a-b-c-d is a trail when it never steps straight back
-- (c <> a, d <> b); each hop reads both edge indexes, (src, dst) and (dst, src).
WITH h1(a, b) AS (SELECT src, dst FROM Person_knows_Person WHERE src = :personId
                  UNION ALL SELECT dst, src FROM Person_knows_Person WHERE dst = :personId),
     h2(a, b, c) AS (SELECT h1.a, h1.b, k.dst FROM h1 JOIN Person_knows_Person k ON k.src = h1.b
                     UNION ALL
                     SELECT h1.a, h1.b, k.src FROM h1 JOIN Person_knows_Person k ON k.dst = h1.b),
     h3(b, c, d) AS (SELECT h2.b, h2.c, k.dst FROM h2 JOIN Person_knows_Person k ON k.src = h2.c
                     WHERE h2.c <> h2.a
                     UNION ALL
                     SELECT h2.b, h2.c, k.src FROM h2 JOIN Person_knows_Person k ON k.dst = h2.c
                     WHERE h2.c <> h2.a)
SELECT count(DISTINCT d) FROM h3 WHERE d <> b
