// IC8 the latest replies to the person's messages, with their authors.
MATCH (:Person {id: $personId})<-[:Comment_hasCreator_Person|Post_hasCreator_Person]-(m)
      <-[:Comment_replyOf_Comment|Comment_replyOf_Post]-(c:Comment)
      -[:Comment_hasCreator_Person]->(author:Person)
RETURN author.id AS personId, author.firstName AS firstName, author.lastName AS lastName,
       c.creationDate AS commentCreationDate, c.id AS commentId, c.content AS commentContent
ORDER BY commentCreationDate DESC, commentId ASC LIMIT 20
