-- micro: how many distinct people end a three-hop knows trail (no relationship twice: the
-- second and third hops never go straight back, and the third is not the first reversed).
WITH k(a, b) AS (SELECT src, dst FROM Person_knows_Person
                 UNION ALL SELECT dst, src FROM Person_knows_Person)
SELECT count(DISTINCT k3.b)
FROM k k1 JOIN k k2 ON k2.a = k1.b JOIN k k3 ON k3.a = k2.b
WHERE k1.a = :personId AND k2.b <> k1.a AND k3.b <> k2.a
  AND NOT (k2.b = k1.a AND k3.b = k1.b)
