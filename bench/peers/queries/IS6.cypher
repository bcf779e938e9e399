// IS6 the forum holding a message's thread, and its moderator.
MATCH (:Comment {id: $messageId})-[:Comment_replyOf_Comment|Comment_replyOf_Post*1..30]->(p:Post)
      <-[:Forum_containerOf_Post]-(f:Forum)-[:Forum_hasModerator_Person]->(mod:Person)
RETURN f.id AS forumId, f.title AS forumTitle, mod.id AS moderatorId,
       mod.firstName AS firstName, mod.lastName AS lastName
