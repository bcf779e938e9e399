// IS4 a message's creation date and content.
MATCH (m:Comment {id: $messageId})
RETURN m.creationDate AS messageCreationDate, m.content AS messageContent
