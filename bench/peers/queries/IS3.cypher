// IS3 the person's friends with the date each friendship began.
MATCH (:Person {id: $personId})-[r:Person_knows_Person]-(friend:Person)
RETURN friend.id AS personId, friend.firstName AS firstName, friend.lastName AS lastName,
       r.creationDate AS friendshipCreationDate
ORDER BY friendshipCreationDate DESC, personId ASC
