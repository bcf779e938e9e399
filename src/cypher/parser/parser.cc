// Temporary entry point until the recursive-descent parser lands.
#include "cypher/parser/parser.h"

namespace nexus::cypher {

Result<std::unique_ptr<ast::Statement>> Parse(std::string_view text) {
    return Status(StatusCode::kNotSupported, "the Cypher parser is not built yet");
}

}  // namespace nexus::cypher
