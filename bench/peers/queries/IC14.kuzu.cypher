// IC14 in Kuzu (simplified like IC14.cypher): all shortest paths, their length and number.
MATCH (a:Person {id: $personId})-[e:knows* ALL SHORTEST 1..30]-(b:Person {id: $person2Id})
RETURN length(e) AS len, count(*) AS paths
