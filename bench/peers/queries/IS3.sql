-- IS3 the person's friends with the date each friendship began (knows is undirected).
SELECT f.id, f.firstName, f.lastName, k.creationDate AS d
FROM (SELECT dst AS friend, creationDate FROM Person_knows_Person WHERE src = :personId
      UNION ALL
      SELECT src, creationDate FROM Person_knows_Person WHERE dst = :personId) k
JOIN Person f ON f.id = k.friend
ORDER BY d DESC, f.id ASC
