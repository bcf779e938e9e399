// IC13 length of the shortest knows path between two people (-1 when none).
MATCH (a:Person {id: $personId}), (b:Person {id: $person2Id})
OPTIONAL MATCH path = shortestPath((a)-[:Person_knows_Person*]-(b))
RETURN CASE WHEN path IS NULL THEN -1 ELSE length(path) END AS len
