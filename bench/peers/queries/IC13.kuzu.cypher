// IC13 in Kuzu: shortest paths are a recursive-relationship mode.
MATCH (a:Person {id: $personId}), (b:Person {id: $person2Id})
OPTIONAL MATCH (a)-[e:knows* SHORTEST 1..30]-(b)
RETURN CASE WHEN e IS NULL THEN -1 ELSE length(e) END AS len
