// IC7 the latest likers of the person's messages, with their latest like and whether they
// are strangers (not friends).
MATCH (p:Person {id: $personId})<-[:Comment_hasCreator_Person|Post_hasCreator_Person]-(m)
      <-[l:Person_likes_Comment|Person_likes_Post]-(liker:Person)
WITH p, liker, max(l.creationDate) AS likeDate
OPTIONAL MATCH (liker)-[k:Person_knows_Person]-(p)
RETURN liker.id AS personId, liker.firstName AS firstName, liker.lastName AS lastName,
       likeDate, k IS NULL AS isNew
ORDER BY likeDate DESC, personId ASC LIMIT 20
