// The Cypher abstract syntax tree produced by the parser (openCypher 9 plus the Neo4j 5
// schema commands and subqueries). Every node carries the SourcePosition where it starts.
// Nodes are plain structs owning their children through std::unique_ptr; each family
// (Expression, Clause, Statement) has a base with an enum kind tag, so a walker switches on
// `kind` and downcasts with As<T>() (each derived struct names its tag as kKind).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "nexus/status.h"
#include "nexus/value.h"

namespace nexus::cypher::ast {

// ---------------------------------------------------------------------------------------------
// Error details. openCypher's TCK names the detail of each compile-time error
// ("SyntaxError: IntegerOverflow"). A Status from the parser (or the semantic checker) carries
// it as a message prefix "IntegerOverflow: ..."; plain "Invalid input ..." errors carry none
// and count as kUnexpectedSyntax. Use ErrorDetailOf() rather than parsing messages by hand.
// ---------------------------------------------------------------------------------------------
enum class ErrorDetail : uint8_t {
    kNone = 0,
    // Raised by the parser.
    kUnexpectedSyntax,
    kIntegerOverflow,
    kFloatingPointOverflow,
    kInvalidNumberLiteral,
    kInvalidUnicodeLiteral,
    kInvalidUnicodeCharacter,
    // Raised by semantic checking (the executor's side); listed so one table names them all.
    kVariableAlreadyBound,
    kUndefinedVariable,
    kVariableTypeConflict,
    kInvalidArgumentType,
    kAmbiguousAggregationExpression,
    kNegativeIntegerArgument,
    kInvalidNumberOfArguments,
    kNonConstantExpression,
    kNoSingleRelationshipType,
    kInvalidParameterUse,
    kInvalidClauseComposition,
    kInvalidAggregation,
    kInvalidRelationshipPattern,
    kColumnNameConflict,
    kUnknownFunction,
    kRelationshipUniquenessViolation,
    kNoExpressionAlias,
    kNestedAggregation,
    kInvalidArgumentPassingMode,
    kDifferentColumnsInUnion,
    kCreatingVarLength,
    kInvalidDelete,
    kRequiresDirectedRelationship,
};

// "IntegerOverflow", ... (empty for kNone).
const char* ErrorDetailName(ErrorDetail detail);
// The detail carried by `status`: its message prefix if it names one, else kUnexpectedSyntax
// for a kSyntaxError, else kNone.
ErrorDetail ErrorDetailOf(const Status& status);
// A status whose message is "<DetailName>: <message>".
Status MakeError(StatusCode code, ErrorDetail detail, std::string_view message, SourcePosition pos);

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------
enum class ExprKind : uint8_t {
    kLiteral,               // Literal: null, true, 1, 1.5, 'text'
    kParameter,             // Parameter: $name, $0
    kVariable,              // Variable: n
    kProperty,              // PropertyAccess: expr.key
    kSubscript,             // Subscript: expr[index] (list index or dynamic property/map key)
    kSlice,                 // Slice: expr[from..to], either end may be absent
    kUnary,                 // Unary: NOT e, -e, +e
    kBinary,                // Binary: arithmetic, boolean, comparison, string and IN operators
    kIsNull,                // IsNull: e IS [NOT] NULL
    kLabelCheck,            // LabelCheck: n:A:B (all) or n:A|B (any)
    kFunctionCall,          // FunctionCall: ns.name([DISTINCT] args), count(*) sets star
    kCase,                  // Case: simple (with test) or generic
    kList,                  // ListLiteral: [a, b]
    kMap,                   // MapLiteral: {k: v}
    kMapProjection,         // MapProjection: n {.a, .*, k: e, v}
    kListComprehension,     // ListComprehension: [x IN l WHERE p | e]
    kPatternComprehension,  // PatternComprehension: [p = (a)-->(b) WHERE p | e]
    kQuantifier,            // Quantifier: all/any/none/single(x IN l WHERE p)
    kReduce,                // Reduce: reduce(acc = init, x IN l | e)
    kSubquery,              // SubqueryExpr: EXISTS { ... }, COUNT { ... }, COLLECT { ... }
    kPatternPredicate,      // PatternPredicate: (a)-[:T]->(b) used as a boolean
};

struct Expression {
    explicit Expression(ExprKind k, SourcePosition p = {}) : kind(k), pos(p) {}
    virtual ~Expression() = default;
    Expression(const Expression&) = delete;
    Expression& operator=(const Expression&) = delete;

    template <typename T>
    T& As() {
        return static_cast<T&>(*this);
    }
    template <typename T>
    const T& As() const {
        return static_cast<const T&>(*this);
    }
    template <typename T>
    bool Is() const {
        return kind == T::kKind;
    }

    ExprKind kind;
    SourcePosition pos;
};
using ExprPtr = std::unique_ptr<Expression>;

struct Literal : Expression {
    static constexpr ExprKind kKind = ExprKind::kLiteral;
    explicit Literal(Value v, SourcePosition p = {}) : Expression(kKind, p), value(std::move(v)) {}
    Value value;  // only null, bool, int, float or string
};

struct Parameter : Expression {
    static constexpr ExprKind kKind = ExprKind::kParameter;
    explicit Parameter(std::string n, SourcePosition p = {})
        : Expression(kKind, p), name(std::move(n)) {}
    std::string name;  // without '$'; "0" for $0
};

struct Variable : Expression {
    static constexpr ExprKind kKind = ExprKind::kVariable;
    explicit Variable(std::string n, SourcePosition p = {})
        : Expression(kKind, p), name(std::move(n)) {}
    std::string name;
};

struct PropertyAccess : Expression {
    static constexpr ExprKind kKind = ExprKind::kProperty;
    PropertyAccess(ExprPtr obj, std::string k, SourcePosition p = {})
        : Expression(kKind, p), object(std::move(obj)), key(std::move(k)) {}
    ExprPtr object;
    std::string key;
};

struct Subscript : Expression {
    static constexpr ExprKind kKind = ExprKind::kSubscript;
    Subscript(ExprPtr obj, ExprPtr idx, SourcePosition p = {})
        : Expression(kKind, p), object(std::move(obj)), index(std::move(idx)) {}
    ExprPtr object;
    ExprPtr index;
};

struct Slice : Expression {
    static constexpr ExprKind kKind = ExprKind::kSlice;
    explicit Slice(SourcePosition p = {}) : Expression(kKind, p) {}
    ExprPtr object;
    ExprPtr from;  // null: from the start
    ExprPtr to;    // null: to the end
};

enum class UnaryOp : uint8_t { kNot, kNegate, kPlus };

struct Unary : Expression {
    static constexpr ExprKind kKind = ExprKind::kUnary;
    Unary(UnaryOp o, ExprPtr e, SourcePosition p = {})
        : Expression(kKind, p), op(o), operand(std::move(e)) {}
    UnaryOp op;
    ExprPtr operand;
};

enum class BinaryOp : uint8_t {
    kOr,
    kXor,
    kAnd,
    kEq,
    kNe,
    kLt,
    kLe,
    kGt,
    kGe,
    kRegexMatch,  // =~
    kStartsWith,
    kEndsWith,
    kContains,
    kIn,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kMod,
    kPow,
};
const char* BinaryOpText(BinaryOp op);  // "OR", "=", "STARTS WITH", "^", ...

// Comparison chains are expanded by the parser: a < b < c becomes (a < b) AND (b < c), where
// the second b is a separate copy of the same subtree. Like every operator node, `pos` is
// where the whole expression starts (its left operand).
struct Binary : Expression {
    static constexpr ExprKind kKind = ExprKind::kBinary;
    Binary(BinaryOp o, ExprPtr l, ExprPtr r, SourcePosition p = {})
        : Expression(kKind, p), op(o), left(std::move(l)), right(std::move(r)) {}
    BinaryOp op;
    ExprPtr left;
    ExprPtr right;
};

struct IsNull : Expression {
    static constexpr ExprKind kKind = ExprKind::kIsNull;
    IsNull(ExprPtr e, bool neg, SourcePosition p = {})
        : Expression(kKind, p), operand(std::move(e)), negated(neg) {}
    ExprPtr operand;
    bool negated;  // IS NOT NULL
};

struct LabelCheck : Expression {
    static constexpr ExprKind kKind = ExprKind::kLabelCheck;
    explicit LabelCheck(SourcePosition p = {}) : Expression(kKind, p) {}
    ExprPtr operand;
    std::vector<std::string> labels;  // labels or relationship types
    bool any = false;                 // n:A|B (at least one) rather than n:A:B (all)
};

struct FunctionCall : Expression {
    static constexpr ExprKind kKind = ExprKind::kFunctionCall;
    explicit FunctionCall(SourcePosition p = {}) : Expression(kKind, p) {}
    // Name as written, namespace included ("count", "date.truncate", "apoc.x.y"). Matching
    // function names is case-insensitive; `name` keeps the user's spelling for messages.
    std::string name;
    bool distinct = false;
    bool star = false;  // count(*): args is empty
    std::vector<ExprPtr> args;
};

struct CaseAlternative {
    ExprPtr when;
    ExprPtr then;
};

struct Case : Expression {
    static constexpr ExprKind kKind = ExprKind::kCase;
    explicit Case(SourcePosition p = {}) : Expression(kKind, p) {}
    ExprPtr test;  // CASE test WHEN v THEN ...; null for the generic form
    std::vector<CaseAlternative> alternatives;
    ExprPtr otherwise;  // ELSE; may be null
};

struct ListLiteral : Expression {
    static constexpr ExprKind kKind = ExprKind::kList;
    explicit ListLiteral(SourcePosition p = {}) : Expression(kKind, p) {}
    std::vector<ExprPtr> elements;
};

struct MapEntry {
    std::string key;
    ExprPtr value;
    SourcePosition pos;
};

struct MapLiteral : Expression {
    static constexpr ExprKind kKind = ExprKind::kMap;
    explicit MapLiteral(SourcePosition p = {}) : Expression(kKind, p) {}
    std::vector<MapEntry> entries;  // in source order; duplicates kept (last one wins)
};

enum class MapProjectionItemKind : uint8_t {
    kProperty,       // .key
    kAllProperties,  // .*
    kLiteral,        // key: expr
    kVariable,       // v  (same as v: v)
};

struct MapProjectionItem {
    MapProjectionItemKind kind;
    std::string key;  // property key, entry key or variable name; empty for .*
    ExprPtr value;    // kLiteral only
    SourcePosition pos;
};

struct MapProjection : Expression {
    static constexpr ExprKind kKind = ExprKind::kMapProjection;
    explicit MapProjection(SourcePosition p = {}) : Expression(kKind, p) {}
    std::string variable;
    std::vector<MapProjectionItem> items;
};

struct ListComprehension : Expression {
    static constexpr ExprKind kKind = ExprKind::kListComprehension;
    explicit ListComprehension(SourcePosition p = {}) : Expression(kKind, p) {}
    std::string variable;
    ExprPtr list;
    ExprPtr where;       // may be null
    ExprPtr projection;  // may be null: the element itself
    SourcePosition variable_pos;
};

enum class QuantifierKind : uint8_t { kAll, kAny, kNone, kSingle };

struct Quantifier : Expression {
    static constexpr ExprKind kKind = ExprKind::kQuantifier;
    explicit Quantifier(SourcePosition p = {}) : Expression(kKind, p) {}
    QuantifierKind quantifier = QuantifierKind::kAll;
    std::string variable;
    ExprPtr list;
    ExprPtr where;  // may be null (then every element counts as true)
    SourcePosition variable_pos;
};

struct Reduce : Expression {
    static constexpr ExprKind kKind = ExprKind::kReduce;
    explicit Reduce(SourcePosition p = {}) : Expression(kKind, p) {}
    std::string accumulator;
    ExprPtr init;
    std::string variable;
    ExprPtr list;
    ExprPtr expression;
    SourcePosition accumulator_pos;
    SourcePosition variable_pos;
};

// ---------------------------------------------------------------------------------------------
// Patterns
// ---------------------------------------------------------------------------------------------
struct NodePattern {
    SourcePosition pos;
    std::string variable;             // empty: anonymous
    std::vector<std::string> labels;  // all must match
    ExprPtr properties;               // MapLiteral or Parameter; may be null
    ExprPtr where;                    // Neo4j 5 (n:L WHERE n.x > 1); may be null
    SourcePosition variable_pos;      // where `variable` is written, if it is
};

enum class Direction : uint8_t {
    kLeftToRight,  // -[]->
    kRightToLeft,  // <-[]-
    kBoth,         // -[]-  (and <-[]->, which Neo4j also treats as undirected)
};

struct RelationshipPattern {
    SourcePosition pos;
    std::string variable;            // empty: anonymous
    std::vector<std::string> types;  // any may match; empty: any type
    Direction direction = Direction::kBoth;
    bool variable_length = false;     // a '*' was written
    std::optional<int64_t> min_hops;  // *2.. / *2..3 / *2 (then max_hops == min_hops)
    std::optional<int64_t> max_hops;  // *..3 / *1..3
    ExprPtr properties;               // MapLiteral or Parameter; may be null
    ExprPtr where;                    // Neo4j 5 [r WHERE r.x > 1]; may be null
    SourcePosition variable_pos;      // where `variable` is written, if it is
};

enum class PathFunction : uint8_t { kNone, kShortestPath, kAllShortestPaths };

// One comma-separated part of a pattern: [p =] (a)-[r]->(b)...  The chain alternates:
// nodes[0], relationships[0], nodes[1], ..., so nodes.size() == relationships.size() + 1.
struct PatternPart {
    SourcePosition pos;
    std::string path_variable;  // empty: unnamed
    PathFunction function = PathFunction::kNone;
    std::vector<NodePattern> nodes;
    std::vector<RelationshipPattern> relationships;
    SourcePosition path_variable_pos;
};

struct Pattern {
    SourcePosition pos;
    std::vector<PatternPart> parts;
};

struct PatternComprehension : Expression {
    static constexpr ExprKind kKind = ExprKind::kPatternComprehension;
    explicit PatternComprehension(SourcePosition p = {}) : Expression(kKind, p) {}
    PatternPart pattern;  // may carry a path variable: [p = (a)-->() | p]
    ExprPtr where;        // may be null
    ExprPtr projection;
};

// (a)-[:T]->(b) used as a boolean: true when the pattern has a match. The parser accepts it
// only where a predicate is expected (WHERE, under AND/OR/XOR/NOT, exists(...)). With
// pattern.function set it is instead shortestPath(...) / allShortestPaths(...) used as a value
// (the path, or the list of paths), which is allowed anywhere.
struct PatternPredicate : Expression {
    static constexpr ExprKind kKind = ExprKind::kPatternPredicate;
    explicit PatternPredicate(SourcePosition p = {}) : Expression(kKind, p) {}
    PatternPart pattern;
};

struct Query;

enum class SubqueryKind : uint8_t { kExists, kCount, kCollect };

// EXISTS { ... } / COUNT { ... } / COLLECT { ... }. The body is either a bare pattern with an
// optional WHERE (`pattern` set, `query` null) or a full query (`query` set). The old
// exists(n.prop) function stays a FunctionCall named "exists"; exists((a)-->(b)) is a
// FunctionCall whose argument is a PatternPredicate.
struct SubqueryExpr : Expression {
    static constexpr ExprKind kKind = ExprKind::kSubquery;
    explicit SubqueryExpr(SourcePosition p = {});
    ~SubqueryExpr() override;
    SubqueryKind subquery = SubqueryKind::kExists;
    std::optional<Pattern> pattern;
    ExprPtr where;  // with `pattern` only; may be null
    std::unique_ptr<Query> query;
};

// ---------------------------------------------------------------------------------------------
// Clauses
// ---------------------------------------------------------------------------------------------
enum class ClauseKind : uint8_t {
    kMatch,          // Match
    kUnwind,         // Unwind
    kWith,           // With
    kReturn,         // Return
    kCreate,         // Create
    kMerge,          // Merge
    kSet,            // Set
    kRemove,         // Remove
    kDelete,         // Delete
    kForeach,        // Foreach
    kCallSubquery,   // CallSubquery
    kCallProcedure,  // CallProcedure
};

struct Clause {
    explicit Clause(ClauseKind k, SourcePosition p = {}) : kind(k), pos(p) {}
    virtual ~Clause() = default;
    Clause(const Clause&) = delete;
    Clause& operator=(const Clause&) = delete;

    template <typename T>
    T& As() {
        return static_cast<T&>(*this);
    }
    template <typename T>
    const T& As() const {
        return static_cast<const T&>(*this);
    }
    template <typename T>
    bool Is() const {
        return kind == T::kKind;
    }

    ClauseKind kind;
    SourcePosition pos;
};
using ClausePtr = std::unique_ptr<Clause>;

enum class HintKind : uint8_t {
    kIndex,      // USING [RANGE|TEXT|POINT] INDEX n:L(p, ...)
    kIndexSeek,  // USING INDEX SEEK n:L(p)
    kScan,       // USING SCAN n:L
    kJoin,       // USING JOIN ON a, b
};

// A planner hint written after MATCH's pattern (Neo4j). The planner may follow or ignore it.
struct Hint {
    HintKind kind = HintKind::kIndex;
    SourcePosition pos;
    std::string variable;                 // not for kJoin
    std::string label;                    // label or relationship type; not for kJoin
    std::vector<std::string> properties;  // kIndex / kIndexSeek
    std::vector<std::string> join_variables;
};

struct Match : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kMatch;
    explicit Match(SourcePosition p = {}) : Clause(kKind, p) {}
    bool optional = false;
    Pattern pattern;
    ExprPtr where;  // may be null
    std::vector<Hint> hints;
};

struct Unwind : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kUnwind;
    explicit Unwind(SourcePosition p = {}) : Clause(kKind, p) {}
    ExprPtr list;
    std::string variable;
    SourcePosition variable_pos;
};

struct ProjectionItem {
    ExprPtr expression;
    std::string alias;  // empty: no AS
    // The expression exactly as written, from its first token to its last. Without an alias
    // this is the result column name, as Neo4j names it ("n.name", "count(*)").
    std::string text;
    SourcePosition pos;
    SourcePosition alias_pos;  // where the alias is written, if there is one
    const std::string& ColumnName() const { return alias.empty() ? text : alias; }
};

struct SortItem {
    ExprPtr expression;
    bool descending = false;
    SourcePosition pos;
};

// What RETURN and WITH share.
struct ProjectionBody {
    bool distinct = false;
    bool star = false;  // RETURN * / WITH *, possibly followed by more items
    std::vector<ProjectionItem> items;
    std::vector<SortItem> order_by;
    ExprPtr skip;   // may be null
    ExprPtr limit;  // may be null
};

struct With : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kWith;
    explicit With(SourcePosition p = {}) : Clause(kKind, p) {}
    ProjectionBody body;
    ExprPtr where;  // may be null
};

struct Return : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kReturn;
    explicit Return(SourcePosition p = {}) : Clause(kKind, p) {}
    ProjectionBody body;
};

struct Create : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kCreate;
    explicit Create(SourcePosition p = {}) : Clause(kKind, p) {}
    Pattern pattern;
};

enum class SetItemKind : uint8_t {
    kProperty,    // target.key = value, or target[key] = value (target is then a Subscript)
    kReplaceMap,  // n = map
    kMergeMap,    // n += map
    kLabels,      // n:L:M
};

struct SetItem {
    SetItemKind kind = SetItemKind::kProperty;
    SourcePosition pos;
    // kProperty: the PropertyAccess or Subscript being assigned. kReplaceMap / kMergeMap /
    // kLabels: the Variable (or any expression the grammar allows there).
    ExprPtr target;
    ExprPtr value;                    // not for kLabels
    std::vector<std::string> labels;  // kLabels only
};

struct Merge : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kMerge;
    explicit Merge(SourcePosition p = {}) : Clause(kKind, p) {}
    PatternPart pattern;
    std::vector<SetItem> on_create;  // all ON CREATE SET items, in order
    std::vector<SetItem> on_match;   // all ON MATCH SET items, in order
};

struct Set : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kSet;
    explicit Set(SourcePosition p = {}) : Clause(kKind, p) {}
    std::vector<SetItem> items;
};

enum class RemoveItemKind : uint8_t { kProperty, kLabels };

struct RemoveItem {
    RemoveItemKind kind = RemoveItemKind::kProperty;
    SourcePosition pos;
    ExprPtr target;  // kProperty: PropertyAccess / Subscript; kLabels: the Variable
    std::vector<std::string> labels;
};

struct Remove : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kRemove;
    explicit Remove(SourcePosition p = {}) : Clause(kKind, p) {}
    std::vector<RemoveItem> items;
};

struct Delete : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kDelete;
    explicit Delete(SourcePosition p = {}) : Clause(kKind, p) {}
    bool detach = false;
    std::vector<ExprPtr> targets;
};

struct Foreach : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kForeach;
    explicit Foreach(SourcePosition p = {}) : Clause(kKind, p) {}
    std::string variable;
    ExprPtr list;
    std::vector<ClausePtr> clauses;  // updating clauses only
    SourcePosition variable_pos;
};

// CALL { ... } [IN TRANSACTIONS [OF n ROWS]]. Variables are imported by a leading WITH inside
// the body, as in Neo4j 4/5; the Neo4j 5.23 CALL (a, b) { } form fills import_variables.
struct CallSubquery : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kCallSubquery;
    explicit CallSubquery(SourcePosition p = {});
    ~CallSubquery() override;
    std::unique_ptr<Query> query;
    std::optional<std::vector<std::string>> import_variables;  // CALL (a, b) { } / CALL (*)
    bool import_all = false;                                   // CALL (*) { }
    bool in_transactions = false;
    ExprPtr rows_per_transaction;  // OF n ROWS; may be null
};

struct YieldItem {
    std::string field;  // procedure output name
    std::string alias;  // empty: no AS
    SourcePosition pos;
    const std::string& VariableName() const { return alias.empty() ? field : alias; }
};

struct CallProcedure : Clause {
    static constexpr ClauseKind kKind = ClauseKind::kCallProcedure;
    explicit CallProcedure(SourcePosition p = {}) : Clause(kKind, p) {}
    std::string name;  // with namespace: "db.labels"
    // False for `CALL db.labels` without parentheses: arguments then come from parameters
    // of the same names (standalone calls only).
    bool explicit_args = false;
    std::vector<ExprPtr> args;
    bool has_yield = false;
    bool yield_star = false;
    std::vector<YieldItem> yields;
    ExprPtr where;  // after YIELD; may be null
};

// ---------------------------------------------------------------------------------------------
// Queries and statements
// ---------------------------------------------------------------------------------------------
struct SingleQuery {
    SourcePosition pos;
    std::vector<ClausePtr> clauses;
};

// q1 UNION [ALL] q2 UNION [ALL] q3 ...: union_all[i] joins parts[i] and parts[i + 1].
struct Query {
    SourcePosition pos;
    std::vector<SingleQuery> parts;
    std::vector<bool> union_all;
};

enum class StatementKind : uint8_t {
    kQuery,             // QueryStatement
    kCreateIndex,       // CreateIndex
    kDropIndex,         // DropIndex
    kCreateConstraint,  // CreateConstraint
    kDropConstraint,    // DropConstraint
    kShowIndexes,       // ShowSchema
    kShowConstraints,   // ShowSchema
};

enum class ExplainMode : uint8_t { kNone, kExplain, kProfile };

struct Statement {
    explicit Statement(StatementKind k, SourcePosition p = {}) : kind(k), pos(p) {}
    virtual ~Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    template <typename T>
    T& As() {
        return static_cast<T&>(*this);
    }
    template <typename T>
    const T& As() const {
        return static_cast<const T&>(*this);
    }

    StatementKind kind;
    SourcePosition pos;
    ExplainMode explain = ExplainMode::kNone;
};

struct QueryStatement : Statement {
    static constexpr StatementKind kKind = StatementKind::kQuery;
    explicit QueryStatement(SourcePosition p = {}) : Statement(kKind, p) {}
    Query query;
};

enum class IndexType : uint8_t { kRange, kText, kPoint, kLookup, kFulltext, kVector };

// What a schema command applies to: (n:Label) or ()-[r:TYPE]-() and its properties.
struct SchemaTarget {
    std::string variable;  // empty in the old-style `ON :L(a)` form
    bool relationship = false;
    std::string label;  // label or relationship type
    std::vector<std::string> properties;
};

struct CreateIndex : Statement {
    static constexpr StatementKind kKind = StatementKind::kCreateIndex;
    explicit CreateIndex(SourcePosition p = {}) : Statement(kKind, p) {}
    std::string name;  // empty: a generated name
    bool if_not_exists = false;
    IndexType type = IndexType::kRange;
    SchemaTarget target;
    ExprPtr options;  // OPTIONS {...}; may be null
};

struct DropIndex : Statement {
    static constexpr StatementKind kKind = StatementKind::kDropIndex;
    explicit DropIndex(SourcePosition p = {}) : Statement(kKind, p) {}
    std::string name;  // empty for the old-style DROP INDEX ON :L(a)
    bool if_exists = false;
    std::optional<SchemaTarget> target;  // old-style form only
};

enum class ConstraintKind : uint8_t { kUnique, kNotNull, kNodeKey, kPropertyType };

struct CreateConstraint : Statement {
    static constexpr StatementKind kKind = StatementKind::kCreateConstraint;
    explicit CreateConstraint(SourcePosition p = {}) : Statement(kKind, p) {}
    std::string name;  // empty: a generated name
    bool if_not_exists = false;
    ConstraintKind constraint = ConstraintKind::kUnique;
    SchemaTarget target;
    std::string property_type;  // kPropertyType: the type as written (IS :: INTEGER)
    ExprPtr options;            // may be null
};

struct DropConstraint : Statement {
    static constexpr StatementKind kKind = StatementKind::kDropConstraint;
    explicit DropConstraint(SourcePosition p = {}) : Statement(kKind, p) {}
    std::string name;
    bool if_exists = false;
};

// SHOW INDEXES / SHOW CONSTRAINTS [YIELD ... [WHERE ...]] [RETURN ...] or [WHERE ...].
struct ShowSchema : Statement {
    explicit ShowSchema(StatementKind k, SourcePosition p = {}) : Statement(k, p) {}
    std::string filter;  // ALL / RANGE / UNIQUE ... as written upper-cased; empty: all
    bool has_yield = false;
    bool yield_star = false;
    std::vector<YieldItem> yields;
    std::vector<SortItem> order_by;  // YIELD ... ORDER BY
    ExprPtr skip;
    ExprPtr limit;
    ExprPtr where;                // may be null
    std::unique_ptr<Return> ret;  // trailing RETURN; may be null
};

}  // namespace nexus::cypher::ast
