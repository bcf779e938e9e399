// Property values on disk: which Cypher values may be stored (Neo4j's rules) and the
// byte encoding of a property list (docs/format/records.md, "Property records").
#pragma once

#include <string>

#include "graph/format.h"
#include "graph/graph.h"

namespace nexus::graph {

// kTypeError for maps, graph elements, nested or mixed-type lists and lists holding null.
Status CheckStorable(const Value& value);

// Appends the encoding of a list sorted by key, with no Null values.
void EncodeProperties(const PropertyList& props, std::string* out);
// `page` only names the source in a corruption error.
Status DecodeProperties(const uint8_t* data, size_t size, PageId page, PropertyList* out);
// Sets *out to the value of `key`, or Null when absent.
Status FindProperty(const uint8_t* data, size_t size, PageId page, TokenId key, Value* out);

// Single values (the element encoding, also used by index keys of the scan fallback).
void EncodeValue(const Value& value, std::string* out);
bool DecodeValue(const uint8_t** p, const uint8_t* end, Value* out);

}  // namespace nexus::graph
