// micro: how many distinct people end a three-hop knows trail (no relationship twice).
MATCH (p:Person {id: $personId})-[:Person_knows_Person]-(:Person)-[:Person_knows_Person]-(:Person)
      -[:Person_knows_Person]-(f:Person)
RETURN count(DISTINCT f.id) AS n
