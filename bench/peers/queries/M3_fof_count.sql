-- micro: how many distinct people are two knows-hops away (the person excluded).
WITH k(a, b) AS (SELECT src, dst FROM Person_knows_Person
                 UNION ALL SELECT dst, src FROM Person_knows_Person)
SELECT count(DISTINCT k2.b) FROM k k1 JOIN k k2 ON k2.a = k1.b
WHERE k1.a = :personId AND k2.b <> :personId
