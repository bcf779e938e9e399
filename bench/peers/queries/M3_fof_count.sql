-- micro: how many distinct people are two knows-hops away (the person excluded). Each hop
-- reads both edge indexes, (src, dst) and (dst, src).
WITH f1(id) AS (SELECT dst FROM Person_knows_Person WHERE src = :personId
                UNION ALL SELECT src FROM Person_knows_Person WHERE dst = :personId),
     f2(id) AS (SELECT k.dst FROM f1 JOIN Person_knows_Person k ON k.src = f1.id
                UNION ALL SELECT k.src FROM f1 JOIN Person_knows_Person k ON k.dst = f1.id)
SELECT count(DISTINCT id) FROM f2 WHERE id <> :personId
