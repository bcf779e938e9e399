// micro: the person's friends (1 hop, either direction).
MATCH (:Person {id: $personId})-[:Person_knows_Person]-(f:Person) RETURN f.id AS id
