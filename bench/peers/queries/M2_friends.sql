-- micro: the person's friends (1 hop, either direction).
SELECT dst FROM Person_knows_Person WHERE src = :personId
UNION ALL
SELECT src FROM Person_knows_Person WHERE dst = :personId
