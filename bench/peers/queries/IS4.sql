-- IS4 a message's creation date and content.
SELECT creationDate, content FROM Comment WHERE id = :messageId
