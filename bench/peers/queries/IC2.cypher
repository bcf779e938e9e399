// IC2 the 20 latest messages by the person's friends, up to a date.
MATCH (:Person {id: $personId})-[:Person_knows_Person]-(friend:Person)
      <-[:Comment_hasCreator_Person|Post_hasCreator_Person]-(m)
WHERE m.creationDate <= $maxDate
RETURN friend.id AS personId, friend.firstName AS firstName, friend.lastName AS lastName,
       m.id AS messageId, m.content AS content, m.creationDate AS creationDate
ORDER BY creationDate DESC, messageId ASC LIMIT 20
