-- write: 100k rows in one transaction.
INSERT INTO Bulk(id)
WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < 100000)
SELECT :i * 1000000 + x FROM r
