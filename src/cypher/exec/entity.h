// Entities inside the executor: nodes and relationships flow between operators as
// references (id, plus endpoints and type for relationships) and are read from the graph
// on demand, so a write earlier in the query is always visible. Materialize() turns
// references into whole entities (labels, properties) for the query result.
#pragma once

#include <string>

#include "cypher/exec/context.h"

namespace nexus::cypher::exec {

Value NodeRef(graph::NodeId id);
Result<Value> RelRef(ExecContext& ctx, const graph::RelRecord& rec);
Result<Value> RelRefById(ExecContext& ctx, graph::RelId id);
// Writes RelRef(ctx, rec) into `slot`; when the slot already holds a relationship (a reused
// row) its fields are overwritten in place, so its type name's buffer is reused.
Status SetRelRef(ExecContext& ctx, const graph::RelRecord& rec, Value* slot);

// Deep copy of `v` with every node/relationship/path filled from the graph.
Result<Value> Materialize(const Value& v, ExecContext& ctx);

// `v.key` for nodes, relationships, maps, temporals, durations and points; null for null.
Result<Value> GetProperty(const Value& v, const std::string& key, ExecContext& ctx);

// All properties of a node/relationship as a map; a map is returned as is.
Result<Value> PropertiesOf(const Value& v, ExecContext& ctx);
Result<Value> LabelsOf(const Value& v, ExecContext& ctx);

}  // namespace nexus::cypher::exec
