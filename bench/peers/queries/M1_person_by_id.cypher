// micro: one person by id.
MATCH (p:Person {id: $personId}) RETURN p.firstName AS firstName, p.lastName AS lastName
