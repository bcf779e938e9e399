// IC9 the 20 latest messages by friends and friends of friends before a date.
MATCH (p:Person {id: $personId})-[:Person_knows_Person*1..2]-(friend:Person)
WHERE friend.id <> $personId
WITH DISTINCT friend
MATCH (friend)<-[:Comment_hasCreator_Person|Post_hasCreator_Person]-(m)
WHERE m.creationDate < $maxDate
RETURN friend.id AS personId, friend.firstName AS firstName, friend.lastName AS lastName,
       m.id AS messageId, m.content AS content, m.creationDate AS creationDate
ORDER BY creationDate DESC, messageId ASC LIMIT 20
