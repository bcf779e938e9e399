// micro: how many distinct people are two knows-hops away (the person excluded).
MATCH (p:Person {id: $personId})-[:Person_knows_Person]-(:Person)-[:Person_knows_Person]-(f:Person)
WHERE f.id <> $personId
RETURN count(DISTINCT f.id) AS n
