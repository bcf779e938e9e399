// IC14 (simplified) every shortest knows path between two people: their length and number.
// The spec's interaction weights per path are not computed.
MATCH (a:Person {id: $personId}), (b:Person {id: $person2Id})
MATCH path = allShortestPaths((a)-[:Person_knows_Person*]-(b))
RETURN length(path) AS len, count(*) AS paths
