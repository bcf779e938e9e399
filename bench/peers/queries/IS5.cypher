// IS5 a message's author.
MATCH (:Comment {id: $messageId})-[:Comment_hasCreator_Person]->(p:Person)
RETURN p.id AS personId, p.firstName AS firstName, p.lastName AS lastName
